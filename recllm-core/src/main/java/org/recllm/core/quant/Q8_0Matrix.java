package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.SHORT_LE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;

/**
 * ggml's Q8_0: blocks of 32 weights stored as a float16 scale d and 32 int8 values q; weight = d·q. The kernels widen
 * the bytes to float lanes, sum each block's products with the input and scale the sum once per block.
 */
public final class Q8_0Matrix extends ScaledBlockMatrix {
    private static final int BLOCK_BYTES = QUANTS + BLOCK;

    public Q8_0Matrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols, GgmlType.Q8_0);
    }

    /**
     * Quantises {@code n} values (a multiple of 32) as ggml's reference does: d = max|x| / 127, q = round(x / d),
     * halves rounded away from zero.
     */
    public static void encode(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        requireWholeBlocks(n, GgmlType.Q8_0);
        for (int b = 0; b < n / BLOCK; b++) {
            int from = srcOffset + b * BLOCK;
            long block = dstOffset + (long) b * BLOCK_BYTES;
            float amax = 0;
            for (int j = 0; j < BLOCK; j++) {
                amax = Math.max(amax, Math.abs(src[from + j]));
            }
            float d = amax / 127;
            float inverse = d != 0 ? 1 / d : 0;
            dst.set(SHORT_LE, block, Float.floatToFloat16(d));
            for (int j = 0; j < BLOCK; j++) {
                float scaled = src[from + j] * inverse;
                // C's roundf: halves away from zero (Math.round would send -2.5 to -2).
                int q = (int) Math.signum(scaled) * Math.round(Math.abs(scaled));
                dst.set(ValueLayout.JAVA_BYTE, block + QUANTS + j, (byte) q);
            }
        }
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    protected FloatVector quants(long block, int j) {
        return Lanes.toFloats(Lanes.bytes(data, block + QUANTS + j));
    }

    @Override
    protected ShortVector int8Weights(long block, int j) {
        return Int8Lanes.widen(Int8Lanes.bytes(data, block + QUANTS + j));
    }

    @Override
    protected int quant(long block, int j) {
        return data.get(ValueLayout.JAVA_BYTE, block + QUANTS + j);
    }
}
