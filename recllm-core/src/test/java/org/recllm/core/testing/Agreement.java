package org.recllm.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.Reductions;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * Two computations of the same function compared: the same upstream gradient pulled back through each, and values
 * equal within a tolerance relative to the largest expected magnitude.
 */
public final class Agreement {
    private Agreement() {}

    /** Back-propagates the scalar Σ out ⊙ upstream, so every input's gradient is {@code upstream} pulled back. */
    public static void backward(Tape tape, Tensor out, float[] upstream) {
        tape.backward(Reductions.sum(tape, Elementwise.mul(tape, out, Tensor.constant(upstream, out.shape()))));
    }

    /** The first {@code size} values agree within {@code relative} × the largest |expected| + {@code absolute}. */
    public static void assertClose(String what, float[] expected, float[] actual, int size, double relative,
                                   double absolute) {
        double largest = 0;
        for (int i = 0; i < size; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
        }
        for (int i = 0; i < size; i++) {
            assertEquals(expected[i], actual[i], relative * largest + absolute, what + " element " + i);
        }
    }
}
