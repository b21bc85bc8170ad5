package org.recllm.core.ops;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** Finite-difference checks of matrix products on random shapes. */
class MatMulGradientTest {

    @Property(tries = 25)
    void matmulWithEveryTransposeCombination(@ForAll @IntRange(min = 1, max = 7) int m, @ForAll @IntRange(min = 1, max = 7) int n,
                                             @ForAll @IntRange(min = 1, max = 7) int k, @ForAll boolean transA,
                                             @ForAll boolean transB, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor a = transA ? check.input(1, k, m) : check.input(1, m, k);
        Tensor b = transB ? check.input(1, n, k) : check.input(1, k, n);
        check.check(tape -> MatMul.matmul(tape, a, b, transA, transB));
    }

    @Property(tries = 15)
    void linearWithBiasOnThreeDimensionalInput(@ForAll @IntRange(min = 1, max = 4) int batch,
                                               @ForAll @IntRange(min = 1, max = 4) int steps,
                                               @ForAll @IntRange(min = 1, max = 6) int in,
                                               @ForAll @IntRange(min = 1, max = 6) int out, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor x = check.input(1, batch, steps, in);
        Tensor w = check.input(1, in, out);
        Tensor bias = check.input(1, out);
        check.check(tape -> MatMul.linear(tape, x, w, bias));
    }

    @Property(tries = 15)
    void batchedProducts(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 1, max = 5) int m,
                         @ForAll @IntRange(min = 1, max = 5) int n, @ForAll @IntRange(min = 1, max = 5) int k,
                         @ForAll boolean transA, @ForAll boolean transB, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor a = transA ? check.input(1, batch, 2, k, m) : check.input(1, batch, 2, m, k);
        Tensor b = transB ? check.input(1, batch, 2, n, k) : check.input(1, batch, 2, k, n);
        check.check(tape -> MatMul.batched(tape, a, b, transA, transB));
    }
}
