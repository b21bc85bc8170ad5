package org.recllm.data.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.data.testing.SyntheticDatasets.rating;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.testing.RealMl100k;
import org.recllm.data.testing.SyntheticDatasets;

/** ML100K-TIME: all ratings in (timestamp, user, item) order, first 80% train, next 10% validation, last 10% test. */
class TemporalProtocolTest {
    private static final Comparator<Rating> GLOBAL = Comparator.comparingLong(Rating::timestamp)
            .thenComparingInt(Rating::userId).thenComparingInt(Rating::itemId);

    @Test
    void realMl100kSplitsEightyTenTenInTimeOrder() {
        RatingDataset dataset = RealMl100k.dataset();
        SplitPlan plan = new TemporalProtocol().split(dataset);
        assertEquals(80_000, plan.train().size());
        assertEquals(10_000, plan.validation().size());
        assertEquals(10_000, plan.test().size());
        assertTrue(max(plan.train()).timestamp() <= min(plan.validation()).timestamp());
        assertTrue(max(plan.validation()).timestamp() <= min(plan.test()).timestamp());
        assertTrue(GLOBAL.compare(max(plan.train()), min(plan.validation())) < 0);
        assertTrue(GLOBAL.compare(max(plan.validation()), min(plan.test())) < 0);
        List<Rating> all = new ArrayList<>(plan.train());
        all.addAll(plan.validation());
        all.addAll(plan.test());
        assertEquals(new HashSet<>(dataset.ratings()), new HashSet<>(all));
        assertEquals(100_000, plan.historyPool().size());
        assertEquals(List.of(), plan.profileSources());
    }

    @Test
    void tiesInTimeAreOrderedByUserThenItem() {
        // eleven ratings, most at one timestamp: ⌊8.8⌋ = 8 train, up to ⌊9.9⌋ = 9 validation, 2 test
        List<Rating> ratings = new ArrayList<>();
        for (int i = 10; i >= 0; i--) {
            ratings.add(rating(1 + i % 3, 20 - i, 3, i < 2 ? 1 : 7));
        }
        SplitPlan plan = new TemporalProtocol().split(SyntheticDatasets.withoutSplit(ratings));
        List<Rating> sorted = ratings.stream().sorted(GLOBAL).toList();
        assertEquals(sorted.subList(0, 8), plan.train());
        assertEquals(sorted.subList(8, 9), plan.validation());
        assertEquals(sorted.subList(9, 11), plan.test());
        assertEquals(List.of(rating(3, 15, 3, 7), rating(3, 18, 3, 7)), plan.test());
        assertEquals(sorted, plan.historyPool());
    }

    private static Rating max(List<Rating> ratings) {
        return ratings.stream().max(GLOBAL).orElseThrow();
    }

    private static Rating min(List<Rating> ratings) {
        return ratings.stream().min(GLOBAL).orElseThrow();
    }
}
