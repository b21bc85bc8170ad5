package org.recllm.ctr.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Repeat;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** Finite-difference checks and known values of the CTR interaction layers. */
class InteractionGradientTest {

    @Property(tries = 15)
    void fmPairwiseAndOuterProducts(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 2, max = 5) int fields,
                                    @ForAll @IntRange(min = 1, max = 4) int dim, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor e = check.input(1, batch, fields, dim);
        Tensor other = check.input(1, batch, fields, dim);
        Tensor base = check.input(1, batch, 2, dim);
        check.check(tape -> FmInteraction.apply(tape, e));
        check.check(tape -> PairwiseProduct.apply(tape, e, other));
        check.check(tape -> FieldOuterProduct.apply(tape, e, base));
        check.check(tape -> Repeat.rows(tape, e.view(batch * fields, dim), 3));
    }

    @Property(tries = 15)
    void pairSumWithAndWithoutTheDiagonal(@ForAll @IntRange(min = 1, max = 3) int batch,
                                          @ForAll @IntRange(min = 2, max = 5) int fields, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed);
        Tensor s = check.input(1, batch, fields);
        Tensor t = check.input(1, batch, fields);
        check.check(tape -> PairSum.apply(tape, s, t, false));
        check.check(tape -> org.recllm.core.ops.Softmax.softmax(tape, PairSum.apply(tape, s, t, true)));
    }

    @Property(tries = 10)
    void crossNetworksGruAndDice(@ForAll @IntRange(min = 2, max = 4) int batch, @ForAll @IntRange(min = 1, max = 4) int dim,
                                 @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor x = check.input(1, batch, dim);
        Tensor h = check.input(1, batch, dim);
        Tensor attention = check.input(1, batch, 1);
        ParameterSet params = new ParameterSet(seed);
        CrossNetwork vector = new CrossNetwork(params, "dcn", dim, 2, false);
        CrossNetwork matrix = new CrossNetwork(params, "dcnv2", dim, 2, true);
        GruCell gru = new GruCell(params, "gru", dim, dim);
        check.check(tape -> vector.apply(tape, x));
        check.check(tape -> matrix.apply(tape, x));
        check.check(tape -> gru.step(tape, x, h, null));
        check.check(tape -> gru.step(tape, x, h, attention));
    }

    @Property(tries = 10)
    void diceWithBatchStatistics(@ForAll @IntRange(min = 2, max = 4) int batch, @ForAll @IntRange(min = 1, max = 4) int dim,
                                 @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor x = check.input(1, batch, dim);
        // Dice normalises each column over the batch: with near-equal values the normalised input is nearly a step
        // and float32 central differences cannot follow it (the analytic gradient is right). So rows are spread a
        // unit apart with a fifth of the draw as noise, which keeps every column's deviation at 0.3 or more (a draw
        // rejected instead left too few tries to check: jqwik gave up after 9 rejections in 10).
        for (int r = 0; r < batch; r++) {
            for (int c = 0; c < dim; c++) {
                x.data()[r * dim + c] = 0.2f * x.data()[r * dim + c] + (r - (batch - 1) / 2f);
            }
        }
        assertTrue(smallestColumnStd(x, batch, dim) >= 0.25, "columns spread: " + smallestColumnStd(x, batch, dim));
        ParameterSet params = new ParameterSet(seed);
        Dice dice = new Dice(params, "dice", dim);
        params.dense().get("dice.alpha").data()[0] = 0.25f;
        check.check(tape -> dice.apply(tape.training(true), x));
    }

    private static double smallestColumnStd(Tensor x, int rows, int cols) {
        double smallest = Double.POSITIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            double mean = 0;
            for (int r = 0; r < rows; r++) {
                mean += x.get(r * cols + c) / rows;
            }
            double variance = 0;
            for (int r = 0; r < rows; r++) {
                variance += Math.pow(x.get(r * cols + c) - mean, 2) / rows;
            }
            smallest = Math.min(smallest, Math.sqrt(variance));
        }
        return smallest;
    }

    @Test
    void fmEqualsTheSumOfPairwiseInnerProducts() {
        // Fields (1,2), (3,4), (5,6): ⟨e1,e2⟩ + ⟨e1,e3⟩ + ⟨e2,e3⟩ = 11 + 17 + 39 = 67.
        Tensor e = Tensor.constant(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 2);
        assertEquals(67f, FmInteraction.apply(new Tape(), e).item(), 1e-5f);
    }

    @Test
    void pairwiseProductOrdersPairsRowMajor() {
        Tensor e = Tensor.constant(new float[] {1, 2, 3}, 1, 3, 1);
        Tensor pairs = PairwiseProduct.apply(new Tape(), e, e);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2, 3, 6}, pairs.toArray());
    }
}
