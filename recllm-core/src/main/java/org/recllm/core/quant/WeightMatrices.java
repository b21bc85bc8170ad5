package org.recllm.core.quant;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The storage types by {@link GgmlType}: stored weights wrapped as a {@link WeightMatrix} (read in place, except Q4_K
 * and Q6_K, whose float kernels read a heap copy in a layout of their own), and float32 values encoded into a type's
 * layout (for writing models and for tests).
 */
public final class WeightMatrices {
    private WeightMatrices() {}

    public static WeightMatrix of(GgmlType type, MemorySegment data, int rows, int cols) {
        return switch (type) {
            case F32 -> new F32Matrix(data, rows, cols);
            case F16 -> new F16Matrix(data, rows, cols);
            case BF16 -> new BF16Matrix(data, rows, cols);
            case Q8_0 -> new Q8_0Matrix(data, rows, cols);
            case Q4_0 -> new Q4_0Matrix(data, rows, cols);
            case Q4_K -> new Q4_KMatrix(data, rows, cols);
            case Q6_K -> new Q6_KMatrix(data, rows, cols);
            default -> throw new UnsupportedOperationException("weights of type " + type + " are not supported; RecLLM reads "
                    + Arrays.stream(GgmlType.values()).filter(GgmlType::supported).toList());
        };
    }

    /** Whether {@link #encode} can write {@code type}. */
    public static boolean canEncode(GgmlType type) {
        return switch (type) {
            case F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K -> true;
            default -> false;
        };
    }

    /**
     * Writes {@code n} values from {@code src[srcOffset]} in {@code type}'s layout at {@code dst[dstOffset]}, taking
     * {@code type.bytesFor(n)} bytes; {@code n} must be a whole number of blocks.
     */
    public static void encode(GgmlType type, float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        switch (type) {
            case F32 -> F32Matrix.encode(src, srcOffset, n, dst, dstOffset);
            case F16 -> F16Matrix.encode(src, srcOffset, n, dst, dstOffset);
            case BF16 -> BF16Matrix.encode(src, srcOffset, n, dst, dstOffset);
            case Q8_0 -> Q8_0Matrix.encode(src, srcOffset, n, dst, dstOffset);
            case Q4_0 -> Q4_0Matrix.encode(src, srcOffset, n, dst, dstOffset);
            case Q4_K -> Q4_KMatrix.encode(src, srcOffset, n, dst, dstOffset);
            case Q6_K -> Q6_KMatrix.encode(src, srcOffset, n, dst, dstOffset);
            default -> throw new UnsupportedOperationException("RecLLM cannot write " + type + " weights; it writes "
                    + Arrays.stream(GgmlType.values()).filter(WeightMatrices::canEncode).toList());
        }
    }
}
