package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.SHORT_LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** IEEE float16 weights, widened to float32 in registers (exactly: every float16 is a float32). */
public final class F16Matrix extends HalfPrecisionMatrix {
    public F16Matrix(MemorySegment data, int rows, int cols) {
        super(data, rows, cols, GgmlType.F16);
    }

    /** Writes {@code n} values as float16, rounded to nearest even as ggml's conversion does. */
    public static void encode(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        for (int i = 0; i < n; i++) {
            dst.set(SHORT_LE, dstOffset + 2L * i, Float.floatToFloat16(src[srcOffset + i]));
        }
    }

    @Override
    public GgmlType type() {
        return GgmlType.F16;
    }

    @Override
    protected FloatVector weights(long offset) {
        return Lanes.halfs(data, offset);
    }

    @Override
    protected float weight(long offset) {
        return Lanes.fp16(data, offset);
    }
}
