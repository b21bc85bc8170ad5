package org.recllm.spark.prepare;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.Rating;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.protocol.TemporalProtocol;

/**
 * A protocol of {@code shared/BENCHMARK.md} as Spark jobs: the same samples in the same splits and order, and the same
 * history pool, as its local {@link org.recllm.data.protocol.Protocol}; a test compares the two on ML-100K.
 */
interface DistributedProtocol extends Serializable {
    String name();

    /** Every sample with its split, and the ratings histories draw from. */
    Assignment assign(JavaSparkContext context, RatingSource source, int partitions);

    /** True when the protocol reads ML-100K's official split rather than every rating. */
    default boolean needsOfficialSplit() {
        return false;
    }

    /** Where a sample goes among its split's rows: the local protocol's order. */
    SampleOrder order(SplitRating sample);

    record Assignment(JavaRDD<SplitRating> samples, JavaRDD<Rating> pool) {}

    List<String> NAMES = List.of(Ml100kU1Protocol.NAME, TemporalProtocol.NAME);

    static DistributedProtocol byName(String name) {
        return switch (name) {
            case Ml100kU1Protocol.NAME -> new U1SplitJob();
            case TemporalProtocol.NAME -> new TimeSplitJob();
            default -> throw new BadInputException("--protocol", 0, null, "expected one of " + NAMES + ", got '" + name + "'");
        };
    }
}
