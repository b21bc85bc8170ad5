package org.recllm.core.ops;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Element-wise arithmetic with broadcasting: values and finite-difference gradients. */
class ElementwiseGradientTest {

    @Property(tries = 20)
    void sameShapeAddSubMul(@ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 40) int cols,
                            @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor a = check.input(1, rows, cols);
        Tensor b = check.input(1, rows, cols);
        check.check(tape -> Elementwise.mul(tape, Elementwise.sub(tape, Elementwise.add(tape, a, b), b), b));
    }

    @Property(tries = 20)
    void biasRowBroadcast(@ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 20) int cols,
                          @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor a = check.input(1, rows, 2, cols);
        Tensor b = check.input(1, cols);
        check.check(tape -> Elementwise.mul(tape, Elementwise.add(tape, a, b), b));
    }

    @Property(tries = 20)
    void oneValuePerRowBroadcast(@ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 20) int cols,
                                 @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor a = check.input(1, rows, 2, cols);
        Tensor b = check.input(1, rows, 2, 1);
        check.check(tape -> Elementwise.add(tape, Elementwise.mul(tape, a, b), b));
    }

    @Property(tries = 20)
    void generalBroadcastOfBothOperands(@ForAll @IntRange(min = 1, max = 4) int x, @ForAll @IntRange(min = 1, max = 4) int y,
                                        @ForAll @IntRange(min = 1, max = 4) int z, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor a = check.input(1, x, 1, z);
        Tensor b = check.input(1, y, 1);
        check.check(tape -> Elementwise.sub(tape, Elementwise.mul(tape, a, b), b));
    }

    @Property(tries = 10)
    void scale(@ForAll @IntRange(min = 1, max = 50) int n, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor a = check.input(1, n);
        check.check(tape -> Elementwise.scale(tape, a, -1.5f));
    }

    @Test
    void broadcastValuesFollowNumpy() {
        Tape tape = new Tape();
        Tensor a = Tensor.constant(new float[] {1, 2, 3}, 3, 1);
        Tensor b = Tensor.constant(new float[] {10, 20}, 1, 2);
        Tensor sum = Elementwise.add(tape, a, b);
        assertArrayEquals(new int[] {3, 2}, sum.shape());
        assertArrayEquals(new float[] {11, 21, 12, 22, 13, 23}, sum.toArray());
    }
}
