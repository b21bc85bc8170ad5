package org.recllm.data.dataset;

import java.util.List;

/** An official split shipped with a dataset, such as ML-100K's u1.base / u1.test. */
public record TrainTestSplit(String name, List<Rating> base, List<Rating> test) {

    public TrainTestSplit {
        base = List.copyOf(base);
        test = List.copyOf(test);
    }
}
