package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** Sums, means, softmax (plain and masked) and log-softmax. */
class ReductionSoftmaxGradientTest {

    @Property(tries = 15)
    void reductions(@ForAll @IntRange(min = 1, max = 4) int a, @ForAll @IntRange(min = 1, max = 4) int b,
                    @ForAll @IntRange(min = 1, max = 4) int c, @ForAll @IntRange(min = 0, max = 2) int axis, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor x = check.input(1, a, b, c);
        check.check(tape -> Reductions.sum(tape, x, axis));
        check.check(tape -> Reductions.mean(tape, x, axis));
        check.check(tape -> Reductions.mean(tape, x));
    }

    @Property(tries = 15)
    void softmaxAndLogSoftmax(@ForAll @IntRange(min = 1, max = 4) int rows, @ForAll @IntRange(min = 1, max = 9) int cols,
                              @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor x = check.input(2, rows, cols);
        check.check(tape -> Softmax.softmax(tape, x));
        check.check(tape -> Softmax.logSoftmax(tape, x));
    }

    @Property(tries = 15)
    void maskedSoftmax(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 1, max = 4) int queries,
                                @ForAll @IntRange(min = 0, max = 3) int extraKeys, @ForAll long seed) {
        int keys = queries + extraKeys;
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor x = check.input(2, batch, queries, keys);
        float[] mask = new float[batch * keys];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (i * 7 + seed) % 3 == 0 ? 0f : 1f;
        }
        check.check(tape -> Softmax.masked(tape, x, mask, queries));
    }

    @Test
    void maskedPositionsGetNothing() {
        Tape tape = new Tape();
        Tensor x = Tensor.constant(new float[] {1, 2, 3, 1, 2, 3}, 2, 3);
        Tensor masked = Softmax.masked(tape, x, new float[] {1, 0, 1}, 2);
        assertEquals(0f, masked.get(1));
        assertEquals(1 / (1 + Math.exp(2)), masked.get(0), 1e-6);
        Tensor plain = Softmax.softmax(tape, x);
        assertEquals(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), plain.get(5), 1e-6);
    }
}
