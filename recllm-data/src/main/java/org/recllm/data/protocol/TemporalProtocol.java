package org.recllm.data.protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;

/**
 * The global temporal split ("time"; ML100K-TIME on ML-100K): all ratings sorted by (timestamp, user, item); the
 * first ⌊0.8·n⌋ train, up to ⌊0.9·n⌋ validation, the rest test. Histories draw from every earlier rating.
 */
public final class TemporalProtocol implements Protocol {
    public static final String NAME = "time";

    private static final Comparator<Rating> GLOBAL_ORDER = Comparator.comparingLong(Rating::timestamp)
            .thenComparingInt(Rating::userId)
            .thenComparingInt(Rating::itemId);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SplitPlan split(RatingDataset dataset) {
        List<Rating> all = new ArrayList<>(dataset.ratings());
        all.sort(GLOBAL_ORDER);
        int n = all.size();
        int trainEnd = (int) (n * 8L / 10);
        int validEnd = (int) (n * 9L / 10);
        return new SplitPlan(NAME, all.subList(0, trainEnd), all.subList(trainEnd, validEnd), all.subList(validEnd, n),
                all, List.of());
    }
}
