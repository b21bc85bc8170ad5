package org.recllm.core.kernels;

import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.LongAdder;

/**
 * Floating-point operations done by {@link Sgemm} and the wall time spent in it, for benchmarks that report how
 * much of the machine's GEMM rate a model's dense part reaches. Time is counted for calls made outside the worker
 * pool only (calls nested in a parallel loop run concurrently and would be counted twice).
 */
public final class GemmCounters {
    private static final LongAdder FLOPS = new LongAdder();
    private static final LongAdder NANOS = new LongAdder();

    private GemmCounters() {}

    static long start() {
        return ForkJoinTask.getPool() == null ? System.nanoTime() : -1;
    }

    static void record(long start, long flops) {
        FLOPS.add(flops);
        if (start >= 0) {
            NANOS.add(System.nanoTime() - start);
        }
    }

    public static long flops() {
        return FLOPS.sum();
    }

    public static long nanos() {
        return NANOS.sum();
    }

    public static void reset() {
        FLOPS.reset();
        NANOS.reset();
    }
}
