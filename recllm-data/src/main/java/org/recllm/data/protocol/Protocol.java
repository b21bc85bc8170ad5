package org.recllm.data.protocol;

import java.util.Comparator;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;

/** An evaluation protocol of {@code shared/BENCHMARK.md}: a rule that splits a dataset into train/valid/test. */
public interface Protocol {
    /** Chronological order with ties broken by item id, the order every protocol rule is stated in. */
    Comparator<Rating> BY_TIME_THEN_ITEM =
            Comparator.comparingLong(Rating::timestamp).thenComparingInt(Rating::itemId);

    /** The name the CLI's {@code --protocol} takes. */
    String name();

    SplitPlan split(RatingDataset dataset);
}
