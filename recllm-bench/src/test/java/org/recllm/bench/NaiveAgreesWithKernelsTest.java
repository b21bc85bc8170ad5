package org.recllm.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.recllm.core.kernels.Sgemm;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Embeddings;
import org.recllm.core.optim.Optimizer;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * A ratio against a baseline means something only if the baseline computes the same thing: the naive loops are
 * checked against the core kernels on small inputs (milliseconds; the benchmarks themselves are not tests).
 */
class NaiveAgreesWithKernelsTest {
    private static final int ROWS = 50;
    private static final int DIM = 16;

    @Test
    void matmulMatchesSgemmInEveryTransposeCase() {
        SplittableRandom random = new SplittableRandom(1);
        int m = 70, n = 50, k = 40; // above Sgemm's packing threshold, so the packed path runs
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                float[] a = randoms(random, m * k);
                float[] b = randoms(random, k * n);
                float[] expected = new float[m * n];
                float[] actual = new float[m * n];
                Sgemm.multiply(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, expected, 0, n);
                NaiveMatmul.multiply(transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, actual, n);
                assertArrayEquals(expected, actual, 1e-4f, "transA=" + transA + " transB=" + transB);
            }
        }
    }

    @Test
    void lookupGradientMatchesTheSparseRows() {
        EmbeddingTable table = new EmbeddingTable("t", ROWS, DIM).initUniform(new SplittableRandom(2), 1f);
        int[] ids = SyntheticIds.draw("zipf", ROWS, 300, 3);
        float[] upstream = randoms(new SplittableRandom(4), ids.length * DIM);
        Tape tape = new Tape();
        Tensor y = Embeddings.lookup(tape, table, ids, ids.length);
        runBackward(tape, y, upstream);
        float[] yNaive = new float[ids.length * DIM];
        float[] gradNaive = new float[ROWS * DIM];
        NaiveEmbeddings.lookup(table.weights(), DIM, ids, ids.length, yNaive);
        NaiveEmbeddings.lookupBackward(DIM, ids, ids.length, upstream, gradNaive);
        assertArrayEquals(y.toArray(), yNaive);
        assertArrayEquals(densify(table), gradNaive, 1e-5f);
    }

    @Test
    void pooledMeanAndItsGradientMatch() {
        EmbeddingTable table = new EmbeddingTable("t", ROWS, DIM).initUniform(new SplittableRandom(5), 1f);
        int batch = 40, width = 6;
        int[] ids = SyntheticIds.multiHot("uniform", ROWS, batch, width, 6);
        float[] upstream = randoms(new SplittableRandom(7), batch * DIM);
        Tape tape = new Tape();
        Tensor y = Embeddings.pooled(tape, table, ids, batch, width, Embeddings.Pooling.MEAN);
        runBackward(tape, y, upstream);
        float[] yNaive = new float[batch * DIM];
        float[] scales = new float[batch];
        float[] gradNaive = new float[ROWS * DIM];
        NaiveEmbeddings.pooledMean(table.weights(), DIM, ids, batch, width, yNaive, scales);
        NaiveEmbeddings.pooledBackward(DIM, ids, batch, width, scales, upstream, gradNaive);
        assertArrayEquals(y.toArray(), yNaive, 1e-6f);
        assertArrayEquals(densify(table), gradNaive, 1e-5f);
    }

    @Test
    void denseAdamEqualsLazyAdamWhenEveryRowIsTouched() {
        ParameterSet parameters = new ParameterSet(8);
        EmbeddingTable table = parameters.embedding("t", ROWS, DIM, 0.1f);
        OptimizerConfig config = OptimizerConfig.adam(1e-2f);
        Optimizer lazy = new Optimizer(parameters, config);
        NaiveAdam dense = new NaiveAdam(ROWS * DIM, config.beta1(), config.beta2(), config.epsilon());
        float[] denseWeights = table.weights().clone();
        SplittableRandom random = new SplittableRandom(9);
        for (int step = 0; step < 3; step++) {
            float[] grad = new float[ROWS * DIM];
            for (int row = 1; row < ROWS; row++) {
                float[] g = randoms(random, DIM);
                table.accumulate(row, g, 0, 1f);
                System.arraycopy(g, 0, grad, row * DIM, DIM);
            }
            lazy.step(1e-2f);
            dense.step(denseWeights, grad, 1e-2f);
        }
        assertArrayEquals(table.weights(), denseWeights, 1e-6f);
    }

    @Test
    void idsStayInsideTheTableAndOffThePaddingRow() {
        for (String distribution : new String[] {"uniform", "zipf"}) {
            for (int id : SyntheticIds.draw(distribution, ROWS, 1000, 10)) {
                assertTrue(id >= 1 && id < ROWS, distribution + " drew " + id);
            }
        }
    }

    private static void runBackward(Tape tape, Tensor y, float[] upstream) {
        tape.record(() -> System.arraycopy(upstream, 0, y.grad(), 0, y.size()));
        tape.backward(Tensor.withGradient(new float[1], new float[1], 1));
    }

    private static float[] densify(EmbeddingTable table) {
        float[] dense = new float[table.rows() * table.dim()];
        for (int s = 0; s < table.touchedCount(); s++) {
            System.arraycopy(table.gradRows(), s * table.dim(), dense, table.touchedRow(s) * table.dim(), table.dim());
        }
        return dense;
    }

    private static float[] randoms(SplittableRandom random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
