package org.recllm.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class GroupAucTest {

    @Test
    void weightsEachGroupByItsRowsAndSkipsSingleClassGroups() {
        // Group 7 (rows 0, 3): positive 0.9 over negative 0.1 -> AUC 1, weight 2.
        // Group 2 (rows 1, 4, 6): positive 0.5 vs negatives 0.5 (tie, 1/2) and 0.9 (0) -> AUC 1/4, weight 3.
        // Group 5 (rows 2, 5): positives only -> skipped.
        // (2 * 1 + 3 * 1/4) / (2 + 3) = 2.75 / 5 = 0.55.
        float[] scores = {0.9f, 0.5f, 0.3f, 0.1f, 0.5f, 0.4f, 0.9f};
        float[] labels = {1, 1, 1, 0, 0, 1, 0};
        int[] groups = {7, 2, 5, 7, 2, 5, 2};
        assertEquals(0.55, GroupAuc.of(scores, labels, groups), 1e-15);
    }

    @Test
    void isNotThePooledAuc() {
        // Within each group the positive wins (group AUC 1), but pooled the group-1 negative (0.8) beats the
        // group-0 positive (0.6): pooled AUC = 3/4.
        float[] scores = {0.6f, 0.2f, 0.9f, 0.8f};
        float[] labels = {1, 0, 1, 0};
        int[] groups = {0, 0, 1, 1};
        assertEquals(1.0, GroupAuc.of(scores, labels, groups));
        assertEquals(0.75, Auc.of(scores, labels));
    }

    @Test
    void noGroupWithBothClassesGivesNaN() {
        assertTrue(Double.isNaN(GroupAuc.of(new float[] {0.1f, 0.2f}, new float[] {1, 0}, new int[] {0, 1})));
        assertTrue(Double.isNaN(GroupAuc.of(new float[0], new float[0], new int[0])));
    }

    @Test
    void arraysOfDifferentLengthsAreRejected() {
        // A longer groups array used to sort rows that do not exist into the groups (ArrayIndexOutOfBounds).
        assertThrows(IllegalArgumentException.class,
                () -> GroupAuc.of(new float[] {0.1f, 0.2f}, new float[] {1, 0}, new int[] {5, 5, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> GroupAuc.of(new float[] {0.1f, 0.2f}, new float[] {1, 0, 1}, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> GroupAuc.of(new float[] {0.1f, 0.2f}, new float[] {1}, new int[] {0, 0}));
    }

    @Test
    void invalidInputsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> GroupAuc.of(new float[] {Float.NaN, 0.2f}, new float[] {1, 0}, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> GroupAuc.of(new float[] {0.1f, 0.2f}, new float[] {1, 3}, new int[] {0, 0}));
    }

    @Property(tries = 500)
    void equalsTheRowWeightedMeanOfBruteForceGroupAucs(@ForAll("rows") ScoredRows rows) {
        assertEquals(BruteForce.groupAuc(rows.scores(), rows.labels(), rows.groups()),
                GroupAuc.of(rows.scores(), rows.labels(), rows.groups()), 1e-12);
    }

    @Property(tries = 100)
    void oneGroupEqualsThePlainAuc(@ForAll("rows") ScoredRows rows) {
        int[] oneGroup = new int[rows.scores().length];
        // auc * n / n may differ from auc in the last bit.
        assertEquals(Auc.of(rows.scores(), rows.labels()), GroupAuc.of(rows.scores(), rows.labels(), oneGroup), 1e-15);
    }

    @Provide
    Arbitrary<ScoredRows> rows() {
        return ScoredRows.arbitrary();
    }
}
