package org.recllm.core.quant;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * Run in a JVM of its own by MatVecAllocationTest, as a decode step or JMH runs the kernel: a matrix large enough that
 * C2 compiles its loops while the first products are still running (8192×4096 by default: on-stack replacement
 * first, then whole methods), at least {@link #WARM_UP_PRODUCTS} products and {@code warm-up seconds} of them, then
 * the heap bytes of a few more products measured. A kernel whose vectors C2 failed to keep in registers allocates
 * megabytes per product here.
 * Arguments: type [rows cols [warm-up seconds]]. Prints "bytes/product N".
 */
public final class MatVecAllocationProbe {
    /**
     * Code that runs once per product (the Q4_K kernel's input sums, {@code inputTerms}) reaches C2 only after some
     * dozens of products; measured before that, its C1 code allocates the vectors it works with, which is not the
     * kernel's steady state: 106 KB per 8192×4096 Q4_K product after the 3-s warm-up on a Zen 3 machine (where
     * {@code -XX:+PrintCompilation} showed inputTerms compiled by C1 only), 40 bytes after 200 products.
     */
    static final int WARM_UP_PRODUCTS = 200;

    private MatVecAllocationProbe() {}

    public static void main(String[] args) {
        GgmlType type = GgmlType.valueOf(args[0]);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        int cols = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        double warmUpSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 3;
        SplittableRandom random = new SplittableRandom(7);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(type.bytesFor((long) rows * cols), 64);
            float[] values = new float[cols];
            for (int r = 0; r < rows; r++) {
                fillGaussian(random, values);
                WeightMatrices.encode(type, values, 0, cols, data, type.bytesFor((long) r * cols));
            }
            WeightMatrix weights = WeightMatrices.of(type, data, rows, cols);
            float[] x = new float[cols];
            fillGaussian(random, x);
            float[] out = new float[rows];
            // A count as well as a time, so that a loaded machine does not measure before C2's code runs.
            long until = System.nanoTime() + (long) (warmUpSeconds * 1e9);
            for (int done = 0; done < WARM_UP_PRODUCTS || System.nanoTime() < until; done++) {
                weights.matVec(x, 0, out, 0);
            }
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            int products = 5;
            long before = threads.getCurrentThreadAllocatedBytes();
            if (before <= 0) {
                throw new IllegalStateException("this JVM does not count allocated bytes per thread (got " + before + ")");
            }
            for (int i = 0; i < products; i++) {
                weights.matVec(x, 0, out, 0);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.println("bytes/product " + allocated / products + " out[0] " + out[0]);
        }
    }

    private static void fillGaussian(SplittableRandom random, float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
    }
}
