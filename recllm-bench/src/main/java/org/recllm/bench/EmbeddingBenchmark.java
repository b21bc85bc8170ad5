package org.recllm.bench;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.recllm.core.nn.ParameterSet;
import org.recllm.core.ops.Embeddings;
import org.recllm.core.optim.Optimizer;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.core.tensor.EmbeddingTable;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * A CTR model's sparse side on a 100,000 × 16 table and a batch of 4096: {@code Embeddings.lookup} over 26 one-hot
 * fields and {@code Embeddings.pooled} (MEAN) over a 6-wide multi-hot field, forward + backward into the table's
 * sparse gradient rows, against {@link NaiveEmbeddings} (scalar gathers, a dense table-sized gradient); and the
 * optimiser step, lazy sparse Adam ({@link Optimizer}, touched rows only) against {@link NaiveAdam} (every row).
 *
 * <p>The gradient arriving from the layers above is a fixed array copied into the output's gradient (both sides pay
 * the copy), so the numbers cover exactly the embedding op. One op = one batch; scores are batches/s.
 */
public class EmbeddingBenchmark extends KernelBenchmark {
    static final int ROWS = 100_000;
    static final int DIM = 16;
    static final int BATCH = 4096;
    static final int FIELDS = 26;
    static final int WIDTH = 6;
    static final float LEARNING_RATE = 1e-3f;

    /** The table, its optimiser, one batch of ids and upstream gradients, and the naive side's buffers. */
    @State(Scope.Thread)
    public static class Batch {
        /** See {@link SyntheticIds}: how many distinct rows a batch touches. */
        @Param({"uniform", "zipf"})
        public String ids;

        EmbeddingTable table;
        Optimizer optimizer;
        final Tape tape = new Tape();
        final Tensor seed = Tensor.withGradient(new float[1], new float[1], 1);
        int[] fieldIds;
        int[] multiHot;
        float[] upstreamLookup;
        float[] upstreamPooled;

        float[] yLookup;
        float[] gyLookup;
        float[] yPooled;
        float[] gyPooled;
        float[] scales;
        float[] denseGrad;
        float[] denseWeights;
        NaiveAdam denseAdam;

        @Setup
        public void setUp() {
            ParameterSet parameters = new ParameterSet(7);
            table = parameters.embedding("items", ROWS, DIM, 1e-2f);
            OptimizerConfig adam = OptimizerConfig.adam(LEARNING_RATE);
            optimizer = new Optimizer(parameters, adam);
            fieldIds = SyntheticIds.draw(ids, ROWS, BATCH * FIELDS, 11);
            multiHot = SyntheticIds.multiHot(ids, ROWS, BATCH, WIDTH, 13);
            SplittableRandom random = new SplittableRandom(17);
            upstreamLookup = randoms(random, BATCH * FIELDS * DIM);
            upstreamPooled = randoms(random, BATCH * DIM);

            yLookup = new float[BATCH * FIELDS * DIM];
            gyLookup = new float[BATCH * FIELDS * DIM];
            yPooled = new float[BATCH * DIM];
            gyPooled = new float[BATCH * DIM];
            scales = new float[BATCH];
            denseGrad = new float[ROWS * DIM];
            denseWeights = table.weights().clone();
            denseAdam = new NaiveAdam(ROWS * DIM, adam.beta1(), adam.beta2(), adam.epsilon());
            // The dense step reads the gradient one lookup batch leaves behind; nothing consumes it, so compute it once.
            NaiveEmbeddings.lookupBackward(DIM, fieldIds, BATCH * FIELDS, upstreamLookup, denseGrad);
        }

        /** Runs the tape's recorded backward steps with {@code upstream} as the output's incoming gradient. */
        void backward(Tensor y, float[] upstream) {
            tape.record(() -> System.arraycopy(upstream, 0, y.grad(), 0, y.size()));
            seed.zeroGrad();
            tape.backward(seed);
        }
    }

    /**
     * A batch whose table holds, before every call, the sparse gradient one lookup batch leaves for the optimiser (the
     * step consumes it). A subclass, not a separate state taking {@code Batch} in its fixture: JMH 1.37 hands such a
     * fixture its own {@code Batch} instance, so it would fill a table the benchmark never steps.
     */
    @State(Scope.Thread)
    public static class Touched extends Batch {
        @Setup(Level.Invocation)
        public void accumulate() {
            table.clearGrad();
            for (int i = 0; i < fieldIds.length; i++) {
                table.accumulate(fieldIds[i], upstreamLookup, i * DIM, 1f);
            }
        }
    }

    @Benchmark
    public float[] lookupKernel(Batch s) {
        s.table.clearGrad();
        s.tape.reset();
        Tensor y = Embeddings.lookup(s.tape, s.table, s.fieldIds, BATCH * FIELDS);
        s.backward(y, s.upstreamLookup);
        return s.table.gradRows();
    }

    @Benchmark
    public float[] lookupNaive(Batch s) {
        NaiveEmbeddings.lookup(s.table.weights(), DIM, s.fieldIds, BATCH * FIELDS, s.yLookup);
        System.arraycopy(s.upstreamLookup, 0, s.gyLookup, 0, s.gyLookup.length);
        NaiveEmbeddings.lookupBackward(DIM, s.fieldIds, BATCH * FIELDS, s.gyLookup, s.denseGrad);
        return s.denseGrad;
    }

    @Benchmark
    public float[] pooledKernel(Batch s) {
        s.table.clearGrad();
        s.tape.reset();
        Tensor y = Embeddings.pooled(s.tape, s.table, s.multiHot, BATCH, WIDTH, Embeddings.Pooling.MEAN);
        s.backward(y, s.upstreamPooled);
        return s.table.gradRows();
    }

    @Benchmark
    public float[] pooledNaive(Batch s) {
        NaiveEmbeddings.pooledMean(s.table.weights(), DIM, s.multiHot, BATCH, WIDTH, s.yPooled, s.scales);
        System.arraycopy(s.upstreamPooled, 0, s.gyPooled, 0, s.gyPooled.length);
        NaiveEmbeddings.pooledBackward(DIM, s.multiHot, BATCH, WIDTH, s.scales, s.gyPooled, s.denseGrad);
        return s.denseGrad;
    }

    /** {@link Touched} refills the sparse gradient, untimed, before each call. */
    @Benchmark
    public float[] adamKernel(Touched s) {
        s.optimizer.step(LEARNING_RATE);
        return s.table.weights();
    }

    @Benchmark
    public float[] adamNaive(Batch s) {
        s.denseAdam.step(s.denseWeights, s.denseGrad, LEARNING_RATE);
        return s.denseWeights;
    }
}
