package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.core.testing.Agreement.assertClose;

import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.Agreement;
import org.recllm.core.testing.GradientCheck;

/** The fused Dice against finite differences and against the same function composed from batch norm and sigmoid. */
class DiceActivationTest {

    @Property(tries = 15)
    void gradientsWithRunningStatistics(@ForAll @IntRange(min = 1, max = 5) int rows,
                                        @ForAll @IntRange(min = 1, max = 11) int cols, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor x = check.input(2, rows, cols);
        Tensor alpha = check.input(1, cols);
        Norms.BatchNormStats stats = Norms.BatchNormStats.of(cols, 0.1f);
        stats.mean().data()[0] = 0.3f;
        stats.variance().data()[0] = 2f;
        check.check(tape -> DiceActivation.apply(tape.training(false), x, alpha, stats, 1e-9f));
    }

    /** Batch statistics, with columns spread as in the CTR layer's gradient test (float32 differences need it). */
    @Property(tries = 15)
    void gradientsWithBatchStatistics(@ForAll @IntRange(min = 2, max = 5) int rows,
                                      @ForAll @IntRange(min = 1, max = 11) int cols, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor x = check.input(1, rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                x.data()[r * cols + c] = 0.2f * x.data()[r * cols + c] + (r - (rows - 1) / 2f);
            }
        }
        Tensor alpha = check.input(1, cols);
        Norms.BatchNormStats stats = Norms.BatchNormStats.of(cols, 0.1f);
        check.check(tape -> DiceActivation.apply(tape.training(true), x, alpha, stats, 1e-9f));
    }

    @Test
    void equalsTheComposedFunctionInValuesGradientsAndRunningStatistics() {
        for (boolean training : new boolean[] {true, false}) {
            int rows = 2048;
            int cols = 67; // a tail past the vector loop on every CPU
            SplittableRandom random = new SplittableRandom(3);
            float[] xs = new float[rows * cols];
            float[] alphas = new float[cols];
            float[] upstream = new float[rows * cols];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) (random.nextGaussian() * 2 + 0.5);
                upstream[i] = (float) random.nextGaussian();
            }
            for (int j = 0; j < cols; j++) {
                alphas[j] = (float) random.nextDouble(-0.5, 0.5);
            }
            Side fused = new Side(xs, alphas, cols);
            Side composed = new Side(xs, alphas, cols);
            Tensor fast = fused.run(training, upstream, (tape) ->
                    DiceActivation.apply(tape, fused.x, fused.alpha, fused.stats, 1e-9f));
            Tensor reference = composed.run(training, upstream, (tape) -> {
                Tensor p = Activations.sigmoid(tape, Norms.batchNorm(tape, composed.x, null, null, composed.stats, 1e-9f));
                Tensor scaled = Elementwise.mul(tape, composed.x, composed.alpha);
                return Elementwise.add(tape, scaled, Elementwise.mul(tape, p, Elementwise.sub(tape, composed.x, scaled)));
            });
            String mode = training ? "training: " : "inference: ";
            // Equal up to float32 rounding: 1e-5 of the largest magnitude (sums run over 2,048 rows).
            assertClose(mode + "output", reference.data(), fast.data(), rows * cols, 1e-5, 1e-7);
            assertClose(mode + "x gradient", composed.x.grad(), fused.x.grad(), rows * cols, 1e-5, 1e-7);
            assertClose(mode + "alpha gradient", composed.alpha.grad(), fused.alpha.grad(), cols, 1e-5, 1e-7);
            assertClose(mode + "running mean", composed.stats.mean().data(), fused.stats.mean().data(), cols,
                    1e-5, 1e-7);
            assertClose(mode + "running variance", composed.stats.variance().data(), fused.stats.variance().data(),
                    cols, 1e-5, 1e-7);
        }
    }

    @Test
    void alphaOrStatisticsOfAnotherWidthAreRefused() {
        Tensor x = Tensor.constant(new float[6], 2, 3);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
                DiceActivation.apply(new Tape(), x, Tensor.constant(new float[2], 2), Norms.BatchNormStats.of(3, 0.1f), 1e-9f));
        assertTrue(error.getMessage().contains("needs alpha and running statistics of 3 values"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () ->
                DiceActivation.apply(new Tape(), x, Tensor.constant(new float[3], 3), Norms.BatchNormStats.of(2, 0.1f), 1e-9f));
    }

    /** One side of the comparison: its own copies of the inputs, gradients and running statistics. */
    private static final class Side {
        final Tensor x;
        final Tensor alpha;
        final Norms.BatchNormStats stats;

        Side(float[] xs, float[] alphas, int cols) {
            x = Tensor.withGradient(xs.clone(), new float[xs.length], xs.length / cols, cols);
            alpha = Tensor.withGradient(alphas.clone(), new float[cols], cols);
            stats = Norms.BatchNormStats.of(cols, 0.1f);
        }

        Tensor run(boolean training, float[] upstream, Function<Tape, Tensor> dice) {
            Tape tape = new Tape().training(training);
            Tensor out = dice.apply(tape);
            Agreement.backward(tape, out, upstream);
            return out;
        }
    }
}
