package org.recllm.ctr.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** The whole stage-1 loss (coarse and fine-grained InfoNCE through every projection) against finite differences. */
class AlignmentHeadGradientTest {
    static final int ROWS = 6;
    static final int TEXT_DIM = 5;

    /** Row r has 1 + r % 3 tokens out of a table of 7; pooled vectors are arbitrary unit vectors. */
    static AlignmentTexts texts(long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] pooled = new float[ROWS * TEXT_DIM];
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = (float) random.nextGaussian();
        }
        float[] tokens = new float[7 * TEXT_DIM];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (float) random.nextGaussian();
        }
        int[] offsets = new int[ROWS + 1];
        java.util.List<Integer> refs = new java.util.ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            for (int t = 0; t <= r % 3; t++) {
                refs.add((r + 2 * t) % 7);
            }
            offsets[r + 1] = refs.size();
        }
        return new AlignmentTexts(ROWS, TEXT_DIM, pooled, tokens, offsets,
                refs.stream().mapToInt(Integer::intValue).toArray(), "test");
    }

    @Test
    void coarseAndFineGrainedLossHaveTheGradientsOfFiniteDifferences() {
        // Group 3 with 6 rows: two fine-grained groups; weight 0.5 so both terms count.
        AlignmentConfig config = new AlignmentConfig(1, 0.7f, 4, 6, 0.5f, 3, 3, ROWS, 1);
        AlignmentHead head = new AlignmentHead(11, 3, 4, texts(5), config);
        GradientCheck check = new GradientCheck(3).epsilon(1e-3).tolerance(3e-2, 3e-3);
        Tensor fields = check.input(1, ROWS, 3, 4);
        head.parameters().dense().values().forEach(check::include);
        int[] rows = {5, 0, 3, 1, 4, 2};
        check.check(tape -> head.loss(tape, fields, rows));
    }

    @Test
    void atAHighTemperatureTheLossIsChanceLevelOfEachTerm() {
        // Cosines in [-1, 1] over a temperature of 1000 leave every candidate equally likely: ln 6 for the coarse
        // term over the batch, ln 3 for the fine-grained term within groups of 3.
        AlignmentConfig config = new AlignmentConfig(1, 1000f, 4, 6, 0.5f, 3, 3, ROWS, 1);
        AlignmentHead head = new AlignmentHead(11, 3, 4, texts(5), config);
        Tape tape = new Tape();
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        float[] values = new float[ROWS * 12];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        Tensor fields = Tensor.constant(values, ROWS, 3, 4);
        float loss = head.loss(tape, fields, new int[] {0, 1, 2, 3, 4, 5}).item();
        assertEquals(Math.log(ROWS) + 0.5 * Math.log(3), loss, 1e-3);
    }
}
