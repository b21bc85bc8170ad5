package org.recllm.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.recllm.bench.MatmulBenchmark.Flops;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.WeightMatrices;
import org.recllm.core.quant.WeightMatrix;

/**
 * The decode step's kernel, {@link WeightMatrix#matVec} over off-heap weights of each storage type, against the naive
 * way to the same numbers: dequantise a row to float32, then a scalar dot product. Shapes are a 100M model's
 * projections (768×3072 and 3072×768, which stay in the L3 cache) and one of 34 MB or more that does not fit it
 * (8192×4096), where the kernel should run at the machine's memory rate.
 *
 * <p>The {@code flops} rate is 2·rows·cols per product; weight bytes per second are that rate times the type's bytes
 * per weight over 2 (Q8_0: 34/32 bytes a weight, so GFLOP/s × 0.53 = GB/s). The kernel uses the core's worker pool
 * ({@code -jvmArgsAppend -Drecllm.threads=1} measures one thread), the naive loop one thread;
 * {@code -Drecllm.jitDirectives=false} measures the kernels without {@code JitDirectives}.
 */
@State(Scope.Thread)
public class MatVecBenchmark extends KernelBenchmark {

    @Param({"F32", "Q8_0", "Q4_K", "Q6_K"})
    public String type;

    /** rows×cols of the weight matrix. */
    @Param({"768x3072", "3072x768", "8192x4096"})
    public String shape;

    private Arena arena;
    private WeightMatrix weights;
    private float[] x;
    private float[] out;
    private float[] row;

    @Setup
    public void setUp() {
        String[] dims = shape.split("x");
        int rows = Integer.parseInt(dims[0]);
        int cols = Integer.parseInt(dims[1]);
        GgmlType storage = GgmlType.valueOf(type);
        SplittableRandom random = new SplittableRandom(42);
        arena = Arena.ofShared();
        MemorySegment data = arena.allocate(storage.bytesFor((long) rows * cols), 64);
        float[] values = new float[cols];
        for (int r = 0; r < rows; r++) {
            fill(random, values);
            WeightMatrices.encode(storage, values, 0, cols, data, storage.bytesFor((long) r * cols));
        }
        weights = WeightMatrices.of(storage, data, rows, cols);
        x = randoms(random, cols);
        out = new float[rows];
        row = new float[cols];
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public float[] matVecKernel(Flops counter) {
        weights.matVec(x, 0, out, 0);
        counter.flops += 2L * weights.rows() * weights.cols();
        return out;
    }

    @Benchmark
    public float[] matVecNaive(Flops counter) {
        int cols = weights.cols();
        for (int r = 0; r < weights.rows(); r++) {
            weights.dequantizeRow(r, row, 0);
            float sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += row[c] * x[c];
            }
            out[r] = sum;
        }
        counter.flops += 2L * weights.rows() * cols;
        return out;
    }
}
