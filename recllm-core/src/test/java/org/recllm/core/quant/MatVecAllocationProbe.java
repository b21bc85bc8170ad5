package org.recllm.core.quant;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * Run in a JVM of its own by MatVecAllocationTest, as a decode step or JMH runs the kernel: a matrix too large for one
 * product to finish before C2 compiles parts of it (8192×4096 by default, which gets its row loop and row dot product
 * compiled on-stack-replaced, then alone), products repeated for {@code warm-up seconds}, then the heap bytes of a few
 * more products measured. A kernel whose vectors C2 failed to keep in registers allocates megabytes per product here.
 * Arguments: type [rows cols [warm-up seconds]]. Prints "bytes/product N".
 */
public final class MatVecAllocationProbe {
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
                for (int c = 0; c < cols; c++) {
                    values[c] = (float) random.nextGaussian();
                }
                WeightMatrices.encode(type, values, 0, cols, data, type.bytesFor((long) r * cols));
            }
            WeightMatrix weights = WeightMatrices.of(type, data, rows, cols);
            float[] x = new float[cols];
            for (int c = 0; c < cols; c++) {
                x[c] = (float) random.nextGaussian();
            }
            float[] out = new float[rows];
            long until = System.nanoTime() + (long) (warmUpSeconds * 1e9);
            while (System.nanoTime() < until) {
                weights.matVec(x, 0, out, 0);
            }
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().threadId();
            int products = 5;
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < products; i++) {
                weights.matVec(x, 0, out, 0);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            System.out.println("bytes/product " + allocated / products + " out[0] " + out[0]);
        }
    }
}
