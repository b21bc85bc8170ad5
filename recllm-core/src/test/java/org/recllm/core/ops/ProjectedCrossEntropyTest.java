package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.WeightMatrices;
import org.recllm.core.quant.WeightMatrix;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.Agreement;
import org.recllm.core.testing.GradientCheck;

/** The chunked loss of a logit head against the cross-entropy of the whole logits, and its gradients. */
class ProjectedCrossEntropyTest {
    private static final int ROWS = 45;
    private static final int WIDTH = 24;
    private static final int CLASSES = 300;

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 32, 44, Integer.MAX_VALUE})
    void equalsTheCrossEntropyOfTheWholeLogits(int chunkRows) {
        SplittableRandom random = new SplittableRandom(chunkRows);
        float[] hidden = gaussian(random, ROWS * WIDTH, 1f);
        float[] weights = gaussian(random, CLASSES * WIDTH, 0.3f);
        int[] targets = targets(random);
        for (float[] mask : new float[][] {null, promptAndAnswerMask()}) {
            Tape expectedTape = new Tape();
            Tensor x1 = Tensor.withGradient(hidden.clone(), new float[hidden.length], ROWS, WIDTH);
            Tensor w1 = Tensor.withGradient(weights.clone(), new float[weights.length], CLASSES, WIDTH);
            Tensor expected = Losses.crossEntropy(expectedTape, MatMul.matmul(expectedTape, x1, w1, false, true), targets, mask);
            expectedTape.backward(expected);

            Tape tape = new Tape();
            Tensor x2 = Tensor.withGradient(hidden.clone(), new float[hidden.length], ROWS, WIDTH);
            Tensor w2 = Tensor.withGradient(weights.clone(), new float[weights.length], CLASSES, WIDTH);
            Tensor loss = ProjectedCrossEntropy.apply(tape, x2, LogitHead.of(w2), targets, mask, chunkRows);
            tape.backward(loss);

            String what = "chunks of " + chunkRows + (mask == null ? "" : ", masked");
            assertEquals(expected.item(), loss.item(), 1e-6 * Math.abs(expected.item()), what + ": loss");
            Agreement.assertClose(what + ": dx", x1.grad(), x2.grad(), x1.size(), 1e-5, 1e-7);
            Agreement.assertClose(what + ": dW", w1.grad(), w2.grad(), w1.size(), 1e-5, 1e-7);
        }
    }

    @Test
    void maskedRowsTakeNoGradientAndAnAllMaskedBatchHasLossZero() {
        SplittableRandom random = new SplittableRandom(2);
        Tensor x = Tensor.withGradient(gaussian(random, ROWS * WIDTH, 1f), new float[ROWS * WIDTH], ROWS, WIDTH);
        Tensor w = Tensor.withGradient(gaussian(random, CLASSES * WIDTH, 0.3f), new float[CLASSES * WIDTH], CLASSES, WIDTH);
        float[] mask = promptAndAnswerMask();
        Tape tape = new Tape();
        tape.backward(ProjectedCrossEntropy.apply(tape, x, LogitHead.of(w), targets(random), mask, 5));
        for (int r = 0; r < ROWS; r++) {
            double norm = 0;
            for (int c = 0; c < WIDTH; c++) {
                norm += Math.abs(x.grad()[r * WIDTH + c]);
            }
            assertTrue(mask[r] == 0f ? norm == 0 : norm > 0, "row " + r + " (mask " + mask[r] + "): |dx| = " + norm);
        }

        Tape empty = new Tape();
        Tensor none = ProjectedCrossEntropy.apply(empty, x, LogitHead.of(w), targets(random), new float[ROWS], 5);
        assertEquals(0f, none.item());
    }

    @Property(tries = 12)
    void passesTheFiniteDifferenceCheck(@ForAll @IntRange(min = 1, max = 6) int rows,
                                        @ForAll @IntRange(min = 1, max = 4) int chunkRows, @ForAll long seed) {
        GradientCheck check = new GradientCheck(seed).epsilon(1e-3);
        Tensor x = check.input(1, rows, 5);
        Tensor w = check.input(1, 7, 5);
        int[] targets = new int[rows];
        float[] mask = new float[rows];
        for (int r = 0; r < rows; r++) {
            targets[r] = (int) Math.floorMod(seed + 3L * r, 7);
            mask[r] = r % 3 == 1 ? 0f : 1f + r;
        }
        check.check(tape -> ProjectedCrossEntropy.apply(tape, x, LogitHead.of(w), targets, mask, chunkRows));
        check.check(tape -> ProjectedCrossEntropy.apply(tape, x, LogitHead.of(w), targets, null, chunkRows));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Q8_0", "Q4_K"})
    void aStoredHeadEqualsItsDequantisedMatrixAndTakesNoGradient(String typeName) {
        GgmlType type = GgmlType.valueOf(typeName);
        int width = 256;
        SplittableRandom random = new SplittableRandom(9);
        float[] values = gaussian(random, CLASSES * width, 0.1f);
        MemorySegment data = Arena.ofAuto().allocate(type.bytesFor((long) CLASSES * width));
        WeightMatrices.encode(type, values, 0, values.length, data, 0);
        WeightMatrix stored = WeightMatrices.of(type, data, CLASSES, width);
        float[] dense = new float[CLASSES * width];
        for (int r = 0; r < CLASSES; r++) {
            stored.dequantizeRow(r, dense, r * width);
        }
        float[] hidden = gaussian(random, ROWS * width, 1f);
        int[] targets = targets(random);
        float[] mask = promptAndAnswerMask();

        Tape denseTape = new Tape();
        Tensor x1 = Tensor.withGradient(hidden.clone(), new float[hidden.length], ROWS, width);
        Tensor expected = ProjectedCrossEntropy.apply(denseTape, x1, LogitHead.of(Tensor.constant(dense, CLASSES, width)),
                targets, mask, 8);
        denseTape.backward(expected);
        Tape storedTape = new Tape();
        Tensor x2 = Tensor.withGradient(hidden.clone(), new float[hidden.length], ROWS, width);
        LogitHead head = LogitHead.of(stored);
        Tensor loss = ProjectedCrossEntropy.apply(storedTape, x2, head, targets, mask, 8);
        storedTape.backward(loss);

        assertTrue(!head.trainable());
        assertEquals(expected.item(), loss.item(), 1e-4 * Math.abs(expected.item()), type + ": loss");
        Agreement.assertClose(type + ": dx", x1.grad(), x2.grad(), x1.size(), 1e-4, 1e-7);
    }

    @Test
    void chunksBoundTheMemoryTheLogitsTake() {
        int rows = 512;
        int classes = 4096;
        SplittableRandom random = new SplittableRandom(4);
        Tensor x = Tensor.withGradient(gaussian(random, rows * WIDTH, 1f), new float[rows * WIDTH], rows, WIDTH);
        Tensor w = Tensor.withGradient(gaussian(random, classes * WIDTH, 0.3f), new float[classes * WIDTH], classes, WIDTH);
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) {
            targets[r] = random.nextInt(classes);
        }
        long whole = bytesOfOneStep(x, w, targets, Integer.MAX_VALUE);
        long chunked = bytesOfOneStep(x, w, targets, 32);
        // Whole: 512 × 4,096 logits (8 MiB), their gradient in place. Chunked: 32 rows of them (0.5 MiB).
        assertTrue(whole > 8L << 20, "whole logits take " + whole + " bytes");
        assertTrue(chunked < whole / 10, "chunks of 32 rows take " + chunked + " bytes against " + whole);
    }

    @Test
    void refusesAMismatchedWidthAndAnEmptyChunk() {
        Tensor x = Tensor.withGradient(new float[6], new float[6], 2, 3);
        LogitHead head = LogitHead.of(Tensor.constant(new float[8], 2, 4));
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> ProjectedCrossEntropy.apply(new Tape(), x, head, new int[2], null, 1));
        assertTrue(width.getMessage().contains("width 4"), width.getMessage());
        LogitHead fitting = LogitHead.of(Tensor.constant(new float[6], 2, 3));
        IllegalArgumentException chunk = assertThrows(IllegalArgumentException.class,
                () -> ProjectedCrossEntropy.apply(new Tape(), x, fitting, new int[2], null, 0));
        assertTrue(chunk.getMessage().contains("at least one row"), chunk.getMessage());
        IllegalArgumentException target = assertThrows(IllegalArgumentException.class,
                () -> ProjectedCrossEntropy.apply(new Tape(), x, fitting, new int[] {0, 2}, new float[] {1, 0}, 1));
        assertTrue(target.getMessage().contains("target 2 at row 1"), target.getMessage());
    }

    private static long bytesOfOneStep(Tensor x, Tensor w, int[] targets, int chunkRows) {
        Tape tape = new Tape();
        tape.backward(ProjectedCrossEntropy.apply(tape, x, LogitHead.of(w), targets, null, chunkRows));
        return tape.workspace().bytes();
    }

    /** A prompt of 20 rows that only conditions, then answer rows with unequal weights. */
    private static float[] promptAndAnswerMask() {
        float[] mask = new float[ROWS];
        for (int r = 20; r < ROWS; r++) {
            mask[r] = r % 4 == 0 ? 2f : 1f;
        }
        return mask;
    }

    private static int[] targets(SplittableRandom random) {
        int[] targets = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            targets[r] = random.nextInt(CLASSES);
        }
        return targets;
    }

    private static float[] gaussian(SplittableRandom random, int n, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian() * std;
        }
        return values;
    }
}
