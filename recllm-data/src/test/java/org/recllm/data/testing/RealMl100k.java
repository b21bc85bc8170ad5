package org.recllm.data.testing;

import java.nio.file.Path;
import org.recllm.core.testing.SharedData;
import org.recllm.data.dataset.MovieLens100k;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.protocol.SplitPlan;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.store.SampleSet;

/**
 * The real ML-100K from {@code ../shared/data/ml-100k} (tests are skipped where it is absent), read, split by
 * ML100K-U1 and encoded once per test JVM and shared by the test classes that need it. Nothing is copied.
 */
public final class RealMl100k {
    private static RatingDataset dataset;
    private static SplitPlan u1Plan;
    private static SampleSet u1Samples;

    private RealMl100k() {}

    public static synchronized RatingDataset dataset() {
        Path dir = SharedData.ml100k();
        if (dataset == null) {
            dataset = MovieLens100k.read(dir);
        }
        return dataset;
    }

    public static synchronized SplitPlan u1Plan() {
        if (u1Plan == null) {
            u1Plan = new Ml100kU1Protocol().split(dataset());
        }
        return u1Plan;
    }

    /** The ML100K-U1 samples with the benchmark's fields and a history of 20. */
    public static synchronized SampleSet u1Samples() {
        if (u1Samples == null) {
            RatingDataset data = dataset();
            u1Samples = new SampleEncoder(data, MovieLensFeatures.of(data, MovieLensFeatures.DEFAULT_HISTORY_LENGTH))
                    .encode(u1Plan());
        }
        return u1Samples;
    }
}
