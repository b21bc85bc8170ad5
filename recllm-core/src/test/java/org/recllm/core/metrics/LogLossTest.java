package org.recllm.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogLossTest {
    /** -ln(1e-7): the loss of a confident, wrong prediction after clipping. */
    private static final double CLIPPED_WRONG = 16.11809565095832;

    @Test
    void meanOfPerRowCrossEntropy() {
        // -(ln 0.8 + ln(1 - 0.3) + ln 0.5) / 3 = (0.2231436 + 0.3566749 + 0.6931472) / 3 = 0.4243219
        assertEquals(0.4243219, LogLoss.of(new float[] {0.8f, 0.3f, 0.5f}, new float[] {1, 0, 1}), 1e-7);
    }

    @Test
    void perfectPredictionsCostOnlyTheClippingMargin() {
        // p = 1 for a positive is clipped to 1 - 1e-7: -ln(1 - 1e-7) = 1.00000005e-7; likewise p = 0 for a negative.
        assertEquals(1.00000005e-7, LogLoss.of(new float[] {1, 0}, new float[] {1, 0}), 1e-13);
    }

    @Test
    void confidentWrongPredictionsAreClippedToAFiniteLoss() {
        assertEquals(CLIPPED_WRONG, LogLoss.of(new float[] {0}, new float[] {1}), 1e-6);
        assertEquals(CLIPPED_WRONG, LogLoss.of(new float[] {1}, new float[] {0}), 1e-6);
        // One clipped row among two: (16.118096 + -ln 0.5) / 2 = (16.118096 + 0.693147) / 2.
        assertEquals((CLIPPED_WRONG + Math.log(2)) / 2, LogLoss.of(new float[] {0, 0.5f}, new float[] {1, 0}), 1e-6);
    }

    @Test
    void customEpsilonClipsAtThatBound() {
        // p = 0 for a positive, eps = 0.01: -ln 0.01 = 4.6051702.
        assertEquals(4.6051702, LogLoss.of(new float[] {0}, new float[] {1}, 1, 0.01), 1e-7);
    }

    @ParameterizedTest
    @ValueSource(floats = {-0.01f, 1.01f, Float.NaN, Float.POSITIVE_INFINITY})
    void probabilitiesOutsideTheUnitIntervalAreRejected(float p) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LogLoss.of(new float[] {0.5f, p}, new float[] {0, 1}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void labelsOtherThanZeroOrOneAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LogLoss.of(new float[] {0.5f}, new float[] {0.5f}));
    }

    @Test
    void zeroRowsAndBadEpsilonAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LogLoss.of(new float[0], new float[0]));
        assertThrows(IllegalArgumentException.class, () -> LogLoss.of(new float[] {0.5f}, new float[] {1}, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> LogLoss.of(new float[] {0.5f}, new float[] {1}, 1, 0.5));
    }
}
