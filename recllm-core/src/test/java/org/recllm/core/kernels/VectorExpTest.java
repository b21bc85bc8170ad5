package org.recllm.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The polynomial exponential and the softmax helpers built on it. */
class VectorExpTest {

    @Test
    void withinTwoUlpOfTheExactExponentialOverTheWholeRange() {
        double worst = 0;
        for (float x = -87.3f; x <= 88.3f; x += 0.00731f) {
            double exact = Math.exp(x);
            double ulps = Math.abs(VectorMath.exp(x) - exact) / Math.ulp((float) exact);
            worst = Math.max(worst, ulps);
        }
        assertTrue(worst <= 2, "largest error " + worst + " ulp");
        assertEquals(1f, VectorMath.exp(0f));
        assertEquals((float) Math.E, VectorMath.exp(1f), Math.ulp((float) Math.E));
    }

    @Test
    void clampsOutsideTheRangeInsteadOfOverflowing() {
        assertEquals(VectorMath.exp(88.3762626647949f), VectorMath.exp(1000f));
        assertEquals(VectorMath.exp(-87.3365447504019f), VectorMath.exp(-1000f));
        assertTrue(VectorMath.exp(-1000f) > 0 && VectorMath.exp(-1000f) < 1.2e-38f);
        assertTrue(Float.isFinite(VectorMath.exp(1000f)));
    }

    /**
     * The first round runs interpreted, the last compiled (thousands of calls reach C2): the vector lanes, the scalar
     * form and both rounds must give the same bits.
     */
    @Test
    void vectorLanesGiveTheScalarBitsInterpretedAndCompiled() {
        SplittableRandom random = new SplittableRandom(3);
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] x = new float[lanes * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 180 - 90);
        }
        float[] first = exponentials(x);
        float[] last = first;
        for (int round = 0; round < 3000; round++) {
            last = exponentials(x);
        }
        for (int i = 0; i < x.length; i++) {
            int expected = Float.floatToRawIntBits(VectorMath.exp(x[i]));
            assertEquals(expected, Float.floatToRawIntBits(first[i]), "first round, x = " + x[i]);
            assertEquals(expected, Float.floatToRawIntBits(last[i]), "last round, x = " + x[i]);
        }
    }

    private static float[] exponentials(float[] x) {
        float[] y = new float[x.length];
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        for (int i = 0; i < x.length; i += lanes) {
            VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(y, i);
        }
        return y;
    }

    @Test
    void softmaxHelpersAgreeWithFloat64() {
        SplittableRandom random = new SplittableRandom(9);
        int n = 37; // vectors and a scalar tail on every CPU
        float[] x = new float[n + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 20 - 10);
        }
        int offset = 3;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        assertEquals((float) max, VectorMath.max(x, offset, n));

        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(x[offset + i] - 2.5);
        }
        assertEquals(sum, VectorMath.sumOfExponentials(x, offset, n, 2.5f), 1e-5 * sum);

        float[] y = new float[n];
        java.util.Arrays.fill(y, 1f);
        VectorMath.addExponentials(-0.5f, x, offset, 2.5f, y, 0, n);
        for (int i = 0; i < n; i++) {
            double expected = 1 - 0.5 * Math.exp(x[offset + i] - 2.5);
            assertEquals(expected, y[i], 1e-6 * Math.max(1, Math.abs(expected)), "y " + i);
        }

        float[] row = x.clone();
        double scaledSum = 0;
        for (int i = 0; i < n; i++) {
            scaledSum += Math.exp((x[offset + i] - max) * 0.25);
        }
        assertEquals(scaledSum, VectorMath.exponentiate(row, offset, n, (float) max, 0.25f), 1e-5 * scaledSum);
        for (int i = 0; i < n; i++) {
            assertEquals(Math.exp((x[offset + i] - max) * 0.25), row[offset + i], 1e-6, "row " + i);
        }
        assertEquals(x[0], row[0]);
    }
}
