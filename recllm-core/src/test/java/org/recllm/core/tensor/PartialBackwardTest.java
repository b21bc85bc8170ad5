package org.recllm.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.recllm.core.ops.Elementwise;

/** {@link Tape#backward(Tensor, float[])}: a part of a computation passes a known output gradient to its inputs. */
class PartialBackwardTest {

    @Test
    void theOutputGradientIsAddedAndPassedThroughEveryRecordedStep() {
        Tensor x = Tensor.withGradient(new float[] {1, 2, 3}, new float[] {10, 10, 10}, 3);
        Tape tape = new Tape();
        Tensor y = Elementwise.scale(tape, Elementwise.scale(tape, x, 3f), 2f);
        tape.backward(y, new float[] {1, 2, 3, 99});
        // d(6x) = 6·g, added to what x's gradient held; the gradient's tail past the output's size is not read.
        assertArrayEquals(new float[] {16, 22, 28}, x.grad());
    }

    @Test
    void refusesAnOutputWithoutGradientOrAShortGradient() {
        Tape tape = new Tape();
        Tensor constant = Elementwise.scale(tape, Tensor.constant(new float[] {1, 2}, 2), 2f);
        var none = assertThrows(IllegalStateException.class, () -> tape.backward(constant, new float[] {1, 1}));
        assertTrue(none.getMessage().contains("requires a gradient"), none.getMessage());
        Tensor x = Tensor.withGradient(new float[] {1, 2}, new float[2], 2);
        Tensor y = Elementwise.scale(tape, x, 2f);
        var shorter = assertThrows(IllegalArgumentException.class, () -> tape.backward(y, new float[] {1}));
        assertTrue(shorter.getMessage().contains("1 floats for an output of 2"), shorter.getMessage());
    }
}
