package org.recllm.spark.prepare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.recllm.data.dataset.Rating;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.protocol.Ml100kU1Protocol.UserRatings;
import org.recllm.data.protocol.Split;

/**
 * ML100K-U1 ({@link Ml100kU1Protocol}) with the users' ratings grouped on executors: each user's eligible ratings are
 * counted there; the driver makes the protocol's one sequential validation draw over those counts (users in ascending
 * id, as the protocol states it) and broadcasts it; executors then split each user's ratings by it.
 */
final class U1SplitJob implements DistributedProtocol {
    @Override
    public String name() {
        return Ml100kU1Protocol.NAME;
    }

    @Override
    public boolean needsOfficialSplit() {
        return true;
    }

    @Override
    public Assignment assign(JavaSparkContext context, RatingSource source, int partitions) {
        RatingSource.OfficialSplit official = source.official();
        JavaRDD<Rating> base = official.base().persist(StorageLevel.MEMORY_AND_DISK_SER());
        JavaRDD<Rating> test = official.test();
        JavaPairRDD<Integer, Iterable<Rating>> byUser = base.groupBy(Rating::userId, partitions)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        Map<Integer, Integer> eligible = new TreeMap<>(byUser.mapValues(ratings -> UserRatings.of(ratings).eligible().size())
                .collectAsMap());
        Random random = new Random(Ml100kU1Protocol.SPLIT_SEED);
        Map<Integer, boolean[]> draws = new TreeMap<>();
        eligible.forEach((user, n) -> draws.put(user, Ml100kU1Protocol.validationDraw(n, random)));
        Broadcast<Map<Integer, boolean[]>> drawn = context.broadcast(draws);
        JavaRDD<SplitRating> baseSamples = byUser.flatMap(user -> {
            List<SplitRating> samples = new ArrayList<>();
            UserRatings.of(user._2()).assign(drawn.value().get(user._1()),
                    (split, rating) -> samples.add(new SplitRating(split, rating)));
            return samples.iterator();
        });
        return new Assignment(baseSamples.union(test.map(r -> new SplitRating(Split.TEST, r))), base);
    }

    /** {@link Ml100kU1Protocol#SPLIT_ORDER}: (timestamp, item, user). */
    @Override
    public SampleOrder order(SplitRating sample) {
        Rating r = sample.rating();
        return new SampleOrder(sample.split().ordinal(), r.timestamp(), r.itemId(), r.userId());
    }
}
