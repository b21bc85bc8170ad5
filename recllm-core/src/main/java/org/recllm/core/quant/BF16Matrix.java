package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.SHORT_LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** bfloat16 weights (the high half of a float32), widened to float32 in registers by a shift. */
public final class BF16Matrix extends HalfPrecisionMatrix {
    public BF16Matrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols, GgmlType.BF16);
    }

    /** Writes {@code n} values as bfloat16 with ggml's rounding (see {@link #toBFloat16}). */
    public static void encode(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        for (int i = 0; i < n; i++) {
            dst.set(SHORT_LE, dstOffset + 2L * i, toBFloat16(src[srcOffset + i]));
        }
    }

    /** float32 to bfloat16 as ggml converts: round to nearest, ties to even; a NaN stays a (quiet) NaN. */
    public static short toBFloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 64);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** bfloat16 bits to float32: exact. */
    public static float fromBFloat16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    @Override
    protected FloatVector weights(long offset) {
        return Lanes.bfloats(data, offset);
    }

    @Override
    protected float weight(long offset) {
        return fromBFloat16(data.get(SHORT_LE, offset));
    }
}
