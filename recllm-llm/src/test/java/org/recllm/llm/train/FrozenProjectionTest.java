package org.recllm.llm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.recllm.core.ops.MatMul;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.WeightMatrices;
import org.recllm.core.quant.WeightMatrix;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.Agreement;
import org.recllm.core.testing.GradientCheck;

/**
 * The frozen projection over a stored matrix computes what a dense product with the matrix's float32 values computes,
 * forward and backward, for every storage type, and its input gradient passes the finite-difference check.
 */
class FrozenProjectionTest {

    private static WeightMatrix stored(GgmlType type, float[] values, int rows, int cols) {
        MemorySegment data = Arena.ofAuto().allocate(type.bytesFor((long) rows * cols));
        for (int r = 0; r < rows; r++) {
            WeightMatrices.encode(type, values, r * cols, cols, data, type.bytesFor((long) r * cols));
        }
        return WeightMatrices.of(type, data, rows, cols);
    }

    /** The frozen embedding beside the frozen head: the stored rows, dequantised as the engine looks them up, without gradient. */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "Q8_0", "Q4_K"})
    void frozenEmbeddingRowsAreTheStoredRows(GgmlType type) {
        int vocabulary = 5;
        int dim = 256;
        float[] values = new float[vocabulary * dim];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        WeightMatrix embedding = stored(type, values, vocabulary, dim);
        int[] tokens = {4, 0, 4, 2};
        Tensor rows = FrozenEmbedding.rows(new Tape(), embedding, tokens, 3);
        assertEquals(3, rows.rows());
        assertTrue(!rows.requiresGrad(), "the base's embedding is frozen");
        float[] expected = new float[dim];
        for (int i = 0; i < 3; i++) {
            embedding.dequantizeRow(tokens[i], expected, 0);
            for (int c = 0; c < dim; c++) {
                assertEquals(expected[c], rows.data()[i * dim + c], type + " row " + i + " column " + c);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void equalsTheDenseProductOfTheDequantisedMatrix(GgmlType type) {
        int rows = 150;
        int cols = 256;
        int tokens = 7;
        SplittableRandom random = new SplittableRandom(3);
        WeightMatrix w = stored(type, gaussian(random, rows * cols, 0.05f), rows, cols);
        float[] dense = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            w.dequantizeRow(r, dense, r * cols);
        }
        float[] input = gaussian(random, tokens * cols, 1f);
        float[] upstream = gaussian(random, tokens * rows, 1f);

        Tape frozenTape = new Tape();
        Tensor x1 = Tensor.withGradient(input.clone(), new float[input.length], tokens, cols);
        Tensor y1 = FrozenProjection.apply(frozenTape, x1, w);
        Tape denseTape = new Tape();
        Tensor x2 = Tensor.withGradient(input.clone(), new float[input.length], tokens, cols);
        Tensor y2 = MatMul.matmul(denseTape, x2, Tensor.constant(dense, rows, cols), false, true);
        double worst = 0;
        for (int i = 0; i < y1.size(); i++) {
            worst = Math.max(worst, Math.abs(y1.data()[i] - y2.data()[i]));
        }
        assertTrue(worst < 1e-4, type + ": forward differs by " + worst);

        Agreement.backward(frozenTape, y1, upstream);
        Agreement.backward(denseTape, y2, upstream);
        for (int i = 0; i < x1.size(); i++) {
            assertEquals(x2.grad()[i], x1.grad()[i], 1e-4, type + " dX[" + i + "]");
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "Q8_0", "Q4_K"})
    void passesTheFiniteDifferenceCheck(GgmlType type) {
        int rows = 70;
        int cols = 256;
        WeightMatrix w = stored(type, gaussian(new SplittableRandom(5), rows * cols, 0.1f), rows, cols);
        GradientCheck check = new GradientCheck(11).epsilon(1e-2).sample(200);
        Tensor x = check.input(1, 3, cols);
        check.check(tape -> FrozenProjection.apply(tape, x, w));
    }

    private static float[] gaussian(SplittableRandom random, int n, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian() * std;
        }
        return values;
    }
}
