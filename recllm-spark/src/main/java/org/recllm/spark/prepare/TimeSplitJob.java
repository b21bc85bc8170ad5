package org.recllm.spark.prepare;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.recllm.data.dataset.Rating;
import org.recllm.data.protocol.TemporalProtocol;

/**
 * The global temporal split ({@link TemporalProtocol}) by a distributed sort: every rating in
 * (timestamp, user, item) order, numbered, and cut at ⌊0.8·n⌋ and ⌊0.9·n⌋. Histories draw from every rating.
 */
final class TimeSplitJob implements DistributedProtocol {
    @Override
    public String name() {
        return TemporalProtocol.NAME;
    }

    @Override
    public Assignment assign(JavaSparkContext context, RatingSource source, int partitions) {
        JavaRDD<Rating> all = source.all();
        long n = all.count();
        JavaRDD<SplitRating> samples = all.sortBy(r -> new SampleOrder(0, r.timestamp(), r.userId(), r.itemId()), true,
                        partitions)
                .zipWithIndex()
                .map(numbered -> new SplitRating(TemporalProtocol.splitOf(numbered._2(), n), numbered._1()));
        return new Assignment(samples, all);
    }

    @Override
    public SampleOrder order(SplitRating sample) {
        Rating r = sample.rating();
        return new SampleOrder(sample.split().ordinal(), r.timestamp(), r.userId(), r.itemId());
    }
}
