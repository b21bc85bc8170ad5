package org.recllm.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AucTest {

    @Test
    void distinctScoresCountWonPairs() {
        // Positives 0.35, 0.8; negatives 0.1, 0.4. Pairs: 0.35>0.1 (1), 0.35<0.4 (0), 0.8>0.1 (1), 0.8>0.4 (1) = 3/4.
        assertEquals(0.75, Auc.of(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new float[] {0, 0, 1, 1}));
    }

    @Test
    void tiesBetweenAPositiveAndANegativeCountOneHalf() {
        // Positives 0.5, 0.9; negatives 0.5, 0.5, 0.2.
        // 0.5 vs (0.5, 0.5, 0.2) = 1/2 + 1/2 + 1 = 2; 0.9 vs all three = 3; (2 + 3) / (2 * 3) = 5/6.
        assertEquals(5.0 / 6, Auc.of(new float[] {0.5f, 0.5f, 0.5f, 0.2f, 0.9f}, new float[] {1, 0, 0, 0, 1}));
    }

    @Test
    void tiesAmongPositivesAloneDoNotMatter() {
        // Positives 0.7, 0.7; negatives 0.7, 0.1. Each positive: 1/2 (tie) + 1 = 3/2; 2 * 3/2 / (2 * 2) = 3/4.
        assertEquals(0.75, Auc.of(new float[] {0.7f, 0.7f, 0.7f, 0.1f}, new float[] {1, 1, 0, 0}));
    }

    @Test
    void allScoresEqualGivesOneHalf() {
        assertEquals(0.5, Auc.of(new float[] {3, 3, 3, 3, 3}, new float[] {1, 0, 0, 1, 0}));
    }

    @Test
    void negativeZeroTiesPositiveZero() {
        assertEquals(0.5, Auc.of(new float[] {0.0f, -0.0f}, new float[] {1, 0}));
        assertEquals(0.5, Auc.of(new float[] {-0.0f, 0.0f}, new float[] {1, 0}));
    }

    @Test
    void perfectAndReversedOrderingsGiveOneAndZero() {
        float[] labels = {0, 1, 0, 1};
        assertEquals(1.0, Auc.of(new float[] {-2f, 5f, -1f, 0.5f}, labels));
        assertEquals(0.0, Auc.of(new float[] {2f, -5f, 1f, -0.5f}, labels));
    }

    @Test
    void acceptsLogitsAndInfinities() {
        // Positive +inf beats both negatives; positive -7 beats -inf only: (2 + 1) / (2 * 2) = 3/4.
        assertEquals(0.75, Auc.of(new float[] {Float.POSITIVE_INFINITY, -7f, Float.NEGATIVE_INFINITY, 40f},
                new float[] {1, 1, 0, 0}));
    }

    @Test
    void singleClassAndEmptyInputHaveNoAuc() {
        assertTrue(Double.isNaN(Auc.of(new float[] {0.1f, 0.9f}, new float[] {1, 1})));
        assertTrue(Double.isNaN(Auc.of(new float[] {0.1f, 0.9f}, new float[] {0, 0})));
        assertTrue(Double.isNaN(Auc.of(new float[0], new float[0])));
    }

    @Test
    void nanScoreIsRejectedNamingTheRow() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Auc.of(new float[] {0.1f, Float.NaN}, new float[] {0, 1}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(floats = {0.5f, 2f, -1f, Float.NaN})
    void labelsOtherThanZeroOrOneAreRejected(float label) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Auc.of(new float[] {0.1f, 0.2f, 0.3f}, new float[] {0, 1, label}));
        assertTrue(e.getMessage().contains("label at row 2"), e.getMessage());
    }

    @Test
    void prefixFormReadsOnlyTheFirstRows() {
        // Row 2 holds a NaN score and an invalid label; with n = 2 it is never looked at.
        assertEquals(1.0, Auc.of(new float[] {0.2f, 0.1f, Float.NaN}, new float[] {1, 0, 7}, 2));
    }

    @Test
    void rowCountBeyondTheArraysIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Auc.of(new float[2], new float[2], 3));
        assertThrows(IllegalArgumentException.class, () -> Auc.of(new float[2], new float[2], -1));
        assertThrows(IllegalArgumentException.class, () -> Auc.of(new float[3], new float[2]));
    }

    @Property(tries = 500)
    void equalsBruteForcePairCounting(@ForAll("rows") ScoredRows rows) {
        // Both sides sum multiples of 1/2 far below 2^53 and divide by the same product: the results are identical.
        assertEquals(BruteForce.auc(rows.scores(), rows.labels()), Auc.of(rows.scores(), rows.labels()));
    }

    @Property(tries = 200)
    void negatingScoresMirrorsTheAuc(@ForAll("rows") ScoredRows rows) {
        float[] negated = rows.scores().clone();
        for (int i = 0; i < negated.length; i++) {
            negated[i] = -negated[i];
        }
        double auc = Auc.of(rows.scores(), rows.labels());
        assertEquals(Double.isNaN(auc) ? Double.NaN : 1 - auc, Auc.of(negated, rows.labels()), 1e-12);
    }

    @Provide
    Arbitrary<ScoredRows> rows() {
        return ScoredRows.arbitrary();
    }
}
