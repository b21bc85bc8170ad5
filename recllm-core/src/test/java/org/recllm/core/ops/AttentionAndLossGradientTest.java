package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** Attention with key masks, dropout, and the BCE and cross-entropy losses. */
class AttentionAndLossGradientTest {

    @Property(tries = 10)
    void attention(@ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 2) int heads,
                   @ForAll @IntRange(min = 1, max = 4) int steps, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor q = check.input(1, batch, heads, steps, 3);
        Tensor k = check.input(1, batch, heads, steps, 3);
        Tensor v = check.input(1, batch, heads, steps, 2);
        float[] mask = new float[batch * steps];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = i % steps == 0 && steps > 1 ? 0f : 1f;
        }
        check.check(tape -> Attention.scaledDotProduct(tape, q, k, v, mask));
    }

    @Property(tries = 15)
    void maskedCrossEntropy(@ForAll @IntRange(min = 1, max = 6) int rows, @ForAll @IntRange(min = 1, max = 9) int classes,
                            @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor logits = check.input(4, rows, classes);
        int[] targets = new int[rows];
        float[] mask = new float[rows];
        for (int r = 0; r < rows; r++) {
            targets[r] = (int) Math.floorMod(seed + 5L * r, classes);
            mask[r] = r % 3 == 1 ? 0f : 1f;
        }
        check.check(tape -> Losses.crossEntropy(tape, logits, targets, null));
        check.check(tape -> Losses.crossEntropy(tape, logits, targets, mask));
    }

    @Test
    void crossEntropyAveragesUnmaskedRowsAndStaysFiniteForLargeLogits() {
        Tape tape = new Tape();
        Tensor logits = Tensor.constant(new float[] {0f, 0f, 0f, 1000f, 0f, -1000f, 5f, 1f, 2f}, 3, 3);
        int[] targets = {1, 1, 0};
        // Row 0: ln 3; row 1: log-sum-exp 1000 minus logit 0 = 1000; row 2 is masked out.
        assertEquals((Math.log(3) + 1000) / 2, Losses.crossEntropy(tape, logits, targets, new float[] {1, 1, 0}).item(), 1e-3);
        double row2 = Math.log(Math.exp(5) + Math.exp(1) + Math.exp(2)) - 5;
        assertEquals(row2, Losses.crossEntropy(tape, logits, targets, new float[] {0, 0, 1}).item(), 1e-6);
        assertEquals(0f, Losses.crossEntropy(tape, logits, targets, new float[] {0, 0, 0}).item());
    }

    @Property(tries = 10)
    void dropoutWithAFixedStream(@ForAll @IntRange(min = 1, max = 30) int n, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor x = check.input(1, n);
        check.check(tape -> Dropout.apply(tape.seed(seed), x, 0.3f));
    }

    @Property(tries = 15)
    void bceWithLogits(@ForAll @IntRange(min = 1, max = 30) int n, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor logits = check.input(4, n);
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i + seed) % 2 == 0 ? 1f : 0f;
        }
        check.check(tape -> Losses.bceWithLogits(tape, logits, labels));
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) {
            weights[i] = i % 3 == 0 ? 0f : 0.5f + i % 2;
        }
        check.check(tape -> Losses.bceWithLogits(tape, logits, labels, weights));
    }

    @Test
    void dropoutDropsTheRequestedShareAndScalesTheRest() {
        int n = 100_003;
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        Tape tape = new Tape().seed(7);
        Tensor y = Dropout.apply(tape, Tensor.constant(ones, n), 0.3f);
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            if (y.get(i) == 0f) {
                dropped++;
            } else {
                assertEquals(1 / 0.7f, y.get(i), 1e-6f);
            }
        }
        assertEquals(0.3, dropped / (double) n, 0.005);
        Tensor again = Dropout.apply(new Tape().seed(7), Tensor.constant(ones, n), 0.3f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(y.toArray(), again.toArray(), "same seed, same mask");
        assertEquals(ones[0], Dropout.apply(tape.training(false), Tensor.constant(ones, n), 0.3f).get(0), "inference is identity");
    }

    @Test
    void bceMatchesTheDefinitionAndStaysFiniteForLargeLogits() {
        Tape tape = new Tape();
        Tensor logits = Tensor.constant(new float[] {0f, 2f, -100f}, 3);
        float loss = Losses.bceWithLogits(tape, logits, new float[] {1f, 0f, 0f}).item();
        double expected = (Math.log(2) + (2 + Math.log1p(Math.exp(-2))) + Math.log1p(Math.exp(-100))) / 3;
        assertEquals(expected, loss, 1e-6);
    }
}
