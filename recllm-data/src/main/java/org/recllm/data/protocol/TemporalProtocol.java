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
        int trainEnd = (int) end(Split.TRAIN, n);
        int validEnd = (int) end(Split.VALID, n);
        return new SplitPlan(NAME, all.subList(0, trainEnd), all.subList(trainEnd, validEnd), all.subList(validEnd, n),
                all, List.of());
    }

    /** The split of the rating at {@code position} (0-based) of {@code n} in global order. */
    public static Split splitOf(long position, long n) {
        return position < end(Split.TRAIN, n) ? Split.TRAIN : position < end(Split.VALID, n) ? Split.VALID : Split.TEST;
    }

    /** Where {@code split} ends among {@code n} ratings in global order: ⌊0.8·n⌋, ⌊0.9·n⌋, n. */
    private static long end(Split split, long n) {
        return switch (split) {
            case TRAIN -> n * 8 / 10;
            case VALID -> n * 9 / 10;
            case TEST -> n;
        };
    }
}
