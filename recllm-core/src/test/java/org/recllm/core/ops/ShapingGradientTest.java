package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** Concat, slice, permute, gather and views. */
class ShapingGradientTest {

    @Property(tries = 15)
    void concatAndSliceAlongEveryAxis(@ForAll @IntRange(min = 1, max = 3) int a, @ForAll @IntRange(min = 1, max = 3) int b,
                                      @ForAll @IntRange(min = 0, max = 2) int axis, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor x = check.input(1, a, b, 3);
        int[] other = x.shape();
        other[axis] += 1;
        Tensor y = check.input(1, other);
        check.check(tape -> Shaping.concat(tape, List.of(x, y, x), axis));
        check.check(tape -> Shaping.slice(tape, y, axis, 1, other[axis]));
    }

    @Property(tries = 15)
    void permuteAndGather(@ForAll @IntRange(min = 1, max = 3) int a, @ForAll @IntRange(min = 1, max = 3) int b,
                          @ForAll @IntRange(min = 1, max = 3) int c, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor x = check.input(1, a, b, c, 2);
        check.check(tape -> Shaping.permute(tape, x, 0, 2, 1, 3));
        check.check(tape -> Shaping.permute(tape, x, 3, 1, 0, 2));
        int[] rows = {0, a * b * c - 1, 0};
        check.check(tape -> Shaping.gatherRows(tape, x, rows, 3));
        check.check(tape -> Activations.tanh(tape, x.view(-1, c * 2)));
    }

    @Test
    void permuteMovesHeadsBeforeTime() {
        Tape tape = new Tape();
        // [B=1, T=2, H=2, D=1] → [B, H, T, D]
        Tensor x = Tensor.constant(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
        assertArrayEquals(new float[] {1, 3, 2, 4}, Shaping.permute(tape, x, 0, 2, 1, 3).toArray());
    }
}
