package org.recllm.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
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
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class EmbeddingBenchmark {
    static final int ROWS = 100_000;
    static final int DIM = 16;
    static final int BATCH = 4096;
    static final int FIELDS = 26;
    static final int WIDTH = 6;
    static final float LEARNING_RATE = 1e-3f;

    /** See {@link SyntheticIds}: how many distinct rows a batch touches. */
    @Param({"uniform", "zipf"})
    public String ids;

    private EmbeddingTable table;
    private Optimizer optimizer;
    private final Tape tape = new Tape();
    private final Tensor seed = Tensor.withGradient(new float[1], new float[1], 1);
    private int[] fieldIds;
    private int[] multiHot;
    private float[] upstreamLookup;
    private float[] upstreamPooled;

    private float[] yLookup;
    private float[] gyLookup;
    private float[] yPooled;
    private float[] gyPooled;
    private float[] scales;
    private float[] denseGrad;
    private float[] denseWeights;
    private NaiveAdam denseAdam;

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

    @Benchmark
    public float[] lookupKernel() {
        table.clearGrad();
        tape.reset();
        Tensor y = Embeddings.lookup(tape, table, fieldIds, BATCH * FIELDS);
        backward(y, upstreamLookup);
        return table.gradRows();
    }

    @Benchmark
    public float[] lookupNaive() {
        NaiveEmbeddings.lookup(table.weights(), DIM, fieldIds, BATCH * FIELDS, yLookup);
        System.arraycopy(upstreamLookup, 0, gyLookup, 0, gyLookup.length);
        NaiveEmbeddings.lookupBackward(DIM, fieldIds, BATCH * FIELDS, gyLookup, denseGrad);
        return denseGrad;
    }

    @Benchmark
    public float[] pooledKernel() {
        table.clearGrad();
        tape.reset();
        Tensor y = Embeddings.pooled(tape, table, multiHot, BATCH, WIDTH, Embeddings.Pooling.MEAN);
        backward(y, upstreamPooled);
        return table.gradRows();
    }

    @Benchmark
    public float[] pooledNaive() {
        NaiveEmbeddings.pooledMean(table.weights(), DIM, multiHot, BATCH, WIDTH, yPooled, scales);
        System.arraycopy(upstreamPooled, 0, gyPooled, 0, gyPooled.length);
        NaiveEmbeddings.pooledBackward(DIM, multiHot, BATCH, WIDTH, scales, gyPooled, denseGrad);
        return denseGrad;
    }

    /** The step clears the sparse gradient it consumes, so {@link Touched} refills it, untimed, before each call. */
    @Benchmark
    public float[] adamKernel(Touched touched) {
        optimizer.step(LEARNING_RATE);
        return table.weights();
    }

    @Benchmark
    public float[] adamNaive() {
        denseAdam.step(denseWeights, denseGrad, LEARNING_RATE);
        return denseWeights;
    }

    /** Rows touched by one lookup batch, with their gradients, as a backward pass leaves them for the optimiser. */
    @State(Scope.Thread)
    public static class Touched {
        @Setup(Level.Invocation)
        public void accumulate(EmbeddingBenchmark bench) {
            bench.table.clearGrad();
            for (int i = 0; i < bench.fieldIds.length; i++) {
                bench.table.accumulate(bench.fieldIds[i], bench.upstreamLookup, i * DIM, 1f);
            }
        }
    }

    /** Runs the tape's recorded backward steps with {@code upstream} as the output's incoming gradient. */
    private void backward(Tensor y, float[] upstream) {
        tape.record(() -> System.arraycopy(upstream, 0, y.grad(), 0, y.size()));
        seed.zeroGrad();
        tape.backward(seed);
    }

    private static float[] randoms(SplittableRandom random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
