package org.recllm.bench;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.recllm.core.kernels.Sgemm;

/**
 * {@link Sgemm#multiply} against {@link NaiveMatmul} on the shapes CTR MLPs (batch × 400 hidden units, 160 = a
 * concatenation of embeddings) and transformer blocks (512³) produce, plus the two transposed products a linear
 * layer's backward pass runs (transA: dW = Xᵀ·dY, transB: dX = dY·Wᵀ).
 *
 * <p>The primary score is ops/s: one op is one full C = op(A)·op(B). GFLOP/s = ops/s × 2·m·n·k / 1e9; the secondary
 * result {@code flops} (an {@link AuxCounters} rate) is exactly that product in FLOP/s, and {@link Benchmarks} prints
 * it in GFLOP/s. {@code Sgemm} uses the core's worker pool (one thread per core; {@code -jvmArgsAppend
 * -Drecllm.threads=1} measures it single-threaded), the naive loop one thread.
 */
@State(Scope.Thread)
public class MatmulBenchmark extends KernelBenchmark {

    /** m×n×k, optionally ":transA" or ":transB" (A stored k×m, or B stored n×k). */
    @Param({"1024x400x400", "4096x400x400", "1024x400x160", "512x512x512", "1024x400x400:transA", "1024x400x400:transB"})
    public String shape;

    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;

    /** Floating-point operations done, reported by JMH as a rate (FLOP/s) next to ops/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;

        @Setup(Level.Iteration)
        public void clear() {
            flops = 0;
        }
    }

    @Setup
    public void setUp() {
        String[] parts = shape.split(":");
        String[] dims = parts[0].split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        transA = parts.length > 1 && parts[1].equals("transA");
        transB = parts.length > 1 && parts[1].equals("transB");
        SplittableRandom random = new SplittableRandom(42);
        a = randoms(random, m * k);
        b = randoms(random, k * n);
        c = new float[m * n];
    }

    @Benchmark
    public float[] matmulKernel(Flops counter) {
        Sgemm.multiply(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, c, 0, n);
        counter.flops += 2L * m * n * k;
        return c;
    }

    @Benchmark
    public float[] matmulNaive(Flops counter) {
        NaiveMatmul.multiply(transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, c, n);
        counter.flops += 2L * m * n * k;
        return c;
    }
}
