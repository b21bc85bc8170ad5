package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** Layer norm, RMS norm and batch norm (training and inference statistics). */
class NormGradientTest {

    @Property(tries = 15)
    void layerNormAndRmsNorm(@ForAll @IntRange(min = 1, max = 4) int rows, @ForAll @IntRange(min = 2, max = 9) int cols,
                             @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor x = check.input(2, rows, cols);
        // A row of nearly equal values has a large 1/std, which magnifies float32 rounding of x − mean beyond what
        // central differences can resolve (the gradient itself is fine): such draws say nothing about the backward pass.
        Assume.that(smallestStd(x, false) >= 0.25);
        Tensor gamma = check.input(1, cols);
        Tensor beta = check.input(1, cols);
        check.check(tape -> Norms.layerNorm(tape, x, gamma, beta, 1e-5f));
        check.check(tape -> Norms.rmsNorm(tape, x, gamma, 1e-5f));
    }

    /** The smallest standard deviation over the rows of x ({@code acrossRows} false) or over its columns (true). */
    private static double smallestStd(Tensor x, boolean acrossRows) {
        int groups = acrossRows ? x.cols() : x.rows();
        int size = acrossRows ? x.rows() : x.cols();
        double smallest = Double.MAX_VALUE;
        for (int g = 0; g < groups; g++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < size; i++) {
                double v = acrossRows ? x.get(i * x.cols() + g) : x.get(g * x.cols() + i);
                sum += v;
                squares += v * v;
            }
            double mean = sum / size;
            smallest = Math.min(smallest, Math.sqrt(Math.max(0, squares / size - mean * mean)));
        }
        return smallest;
    }

    @Property(tries = 15)
    void batchNormInTrainingAndInference(@ForAll @IntRange(min = 2, max = 6) int rows,
                                         @ForAll @IntRange(min = 1, max = 5) int cols, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor x = check.input(2, rows, cols);
        Assume.that(smallestStd(x, true) >= 0.25); // batch statistics: the same conditioning, per column
        Tensor gamma = check.input(1, cols);
        Tensor beta = check.input(1, cols);
        Norms.BatchNormStats stats = Norms.BatchNormStats.of(cols, 0.1f);
        check.check(tape -> Norms.batchNorm(tape.training(true), x, gamma, beta, stats, 1e-5f));
        check.check(tape -> Norms.batchNorm(tape.training(false), x, gamma, beta, stats, 1e-5f));
    }

    @Test
    void batchNormUpdatesRunningStatisticsLikePyTorch() {
        Tape tape = new Tape();
        Tensor x = Tensor.constant(new float[] {1, 10, 3, 20}, 2, 2);
        Norms.BatchNormStats stats = Norms.BatchNormStats.of(2, 0.1f);
        Tensor y = Norms.batchNorm(tape, x, null, null, stats, 0f);
        // Column 0: mean 2, biased variance 1 → outputs -1, 1; unbiased variance 2 goes into the running estimate.
        assertEquals(-1f, y.get(0), 1e-6f);
        assertEquals(1f, y.get(2), 1e-6f);
        assertEquals(0.2f, stats.mean().get(0), 1e-6f);
        assertEquals(0.9f * 1 + 0.1f * 2, stats.variance().get(0), 1e-6f);
    }
}
