package org.recllm.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.core.metrics.BruteForce.discount;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void ndcgAndHitRateAveragedOverGroupsWithPositives() {
        // Group 1 ranked: 0.9 neg, 0.8 pos, 0.5 neg, 0.1 pos. Top 3 holds the positive at rank 2:
        //   DCG = 1/log2(3) = 0.6309298; ideal (2 positives) = 1 + 1/log2(3) = 1.6309298; NDCG = 0.3868528, hit.
        // Group 2 ranked: 0.7 neg, 0.6 neg, 0.4 neg, 0.2 pos -> positive at rank 4, outside the top 3: 0, no hit.
        // Group 3 has no positive and is left out.
        // NDCG@3 = (0.3868528 + 0) / 2 = 0.1934264; HitRate@3 = 1/2.
        float[] scores = {0.9f, 0.8f, 0.1f, 0.5f, 0.7f, 0.6f, 0.4f, 0.2f, 0.3f};
        float[] labels = {0, 1, 1, 0, 0, 0, 0, 1, 0};
        int[] groups = {1, 1, 1, 1, 2, 2, 2, 2, 3};
        RankingMetrics.Result result = RankingMetrics.atK(scores, labels, groups, 3);
        assertEquals(0.1934264, result.ndcg(), 1e-7);
        assertEquals(0.5, result.hitRate(), EPS);
        assertEquals(2, result.groups());
        assertEquals(3, result.k());
    }

    @Test
    void aPositiveAtTheTopGivesFullCredit() {
        // One positive at rank 1: DCG = 1 = ideal.
        RankingMetrics.Result result = RankingMetrics.atK(
                new float[] {0.2f, 0.9f, 0.4f}, new float[] {0, 1, 0}, new int[] {0, 0, 0}, 1);
        assertEquals(1.0, result.ndcg(), EPS);
        assertEquals(1.0, result.hitRate(), EPS);
    }

    @Test
    void idealDcgIsCappedAtK() {
        // Three positives, k = 2, ranked pos, neg, pos, pos: DCG@2 = 1; ideal@2 = 1 + 1/log2(3); NDCG = 0.6131472.
        RankingMetrics.Result result = RankingMetrics.atK(
                new float[] {0.9f, 0.8f, 0.7f, 0.6f}, new float[] {1, 0, 1, 1}, new int[] {4, 4, 4, 4}, 2);
        assertEquals(1 / (1 + discount(2)), result.ndcg(), EPS);
        assertEquals(0.6131472, result.ndcg(), 1e-7);
    }

    @Test
    void tiedScoresRankNegativesFirst() {
        // All three rows score 0.5; the positive comes first in the input but ranks behind both negatives (rank 3).
        float[] scores = {0.5f, 0.5f, 0.5f};
        float[] labels = {1, 0, 0};
        int[] groups = {0, 0, 0};
        RankingMetrics.Result atOne = RankingMetrics.atK(scores, labels, groups, 1);
        assertEquals(0.0, atOne.ndcg(), EPS);
        assertEquals(0.0, atOne.hitRate(), EPS);
        // k = 3: DCG = 1/log2(4) = 0.5, ideal = 1 -> NDCG 0.5.
        RankingMetrics.Result atThree = RankingMetrics.atK(scores, labels, groups, 3);
        assertEquals(0.5, atThree.ndcg(), EPS);
        assertEquals(1.0, atThree.hitRate(), EPS);
    }

    @Test
    void negativeZeroTiesPositiveZero() {
        // The positive scores 0.0, the negative -0.0: a tie, so the negative ranks first and k = 1 misses.
        RankingMetrics.Result result = RankingMetrics.atK(
                new float[] {0.0f, -0.0f}, new float[] {1, 0}, new int[] {0, 0}, 1);
        assertEquals(0.0, result.hitRate(), EPS);
    }

    @Test
    void kLargerThanTheGroupUsesTheWholeGroup() {
        // Ranked neg, pos: DCG@10 = 1/log2(3); ideal = 1.
        RankingMetrics.Result result = RankingMetrics.atK(
                new float[] {0.1f, 0.3f}, new float[] {1, 0}, new int[] {0, 0}, 10);
        assertEquals(discount(2), result.ndcg(), EPS);
        assertEquals(0.6309298, result.ndcg(), 1e-7);
    }

    @Test
    void noGroupWithAPositiveGivesNaN() {
        RankingMetrics.Result result = RankingMetrics.atK(
                new float[] {0.1f, 0.3f}, new float[] {0, 0}, new int[] {0, 1}, 5);
        assertTrue(Double.isNaN(result.ndcg()));
        assertTrue(Double.isNaN(result.hitRate()));
        assertEquals(0, result.groups());
    }

    @Test
    void invalidArgumentsAreRejected() {
        float[] scores = {0.1f, 0.3f};
        float[] labels = {1, 0};
        int[] groups = {0, 0};
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.atK(scores, labels, groups, 0));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.atK(scores, labels, new int[] {3, 3, 0}, 1));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.atK(scores, new float[] {1}, groups, 1));
        assertThrows(IllegalArgumentException.class,
                () -> RankingMetrics.atK(new float[] {Float.NaN, 0}, labels, groups, 1));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.atK(scores, new float[] {2, 0}, groups, 1));
    }

    @Property(tries = 500)
    void equalsBruteForceRanking(@ForAll("rows") ScoredRows rows, @ForAll @IntRange(min = 1, max = 12) int k) {
        RankingMetrics.Result expected = BruteForce.ranking(rows.scores(), rows.labels(), rows.groups(), k);
        RankingMetrics.Result actual = RankingMetrics.atK(rows.scores(), rows.labels(), rows.groups(), k);
        assertEquals(expected.groups(), actual.groups());
        assertEquals(expected.k(), actual.k());
        assertEquals(expected.ndcg(), actual.ndcg(), EPS);
        assertEquals(expected.hitRate(), actual.hitRate(), EPS);
    }

    @Provide
    Arbitrary<ScoredRows> rows() {
        return ScoredRows.arbitrary();
    }
}
