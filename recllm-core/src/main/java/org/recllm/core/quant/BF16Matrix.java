package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.L;
import static org.recllm.core.quant.Lanes.SHORT_LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** bfloat16 weights (the high half of a float32), widened to float32 in registers by a shift. */
public final class BF16Matrix extends RowMatrix {
    private final MemorySegment data;
    private final int vectorEnd;

    public BF16Matrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        requireBytes(data, (long) rows * cols * 2, GgmlType.BF16);
        this.data = data;
        this.vectorEnd = FLOATS.loopBound(cols);
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

    private float weight(long base, int j) {
        return fromBFloat16(data.get(SHORT_LE, base + 2L * j));
    }

    @Override
    protected float dot(int row, float[] x, int xOffset) {
        long base = (long) row * cols * 2;
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int j = 0; j < vectorEnd; j += L) {
            acc = Lanes.bfloats(data, base + 2L * j).fma(Lanes.x(x, xOffset + j), acc);
        }
        float sum = Lanes.sum(acc);
        for (int j = vectorEnd; j < cols; j++) {
            sum += weight(base, j) * x[xOffset + j];
        }
        return sum;
    }

    @Override
    protected void dotFour(int row, float[] x, int first, int count, float[] out) {
        int i0 = input(first, 0, count), i1 = input(first, 1, count), i2 = input(first, 2, count), i3 = input(first, 3, count);
        int x0 = i0 * cols, x1 = i1 * cols, x2 = i2 * cols, x3 = i3 * cols;
        long base = (long) row * cols * 2;
        FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int j = 0; j < vectorEnd; j += L) {
            FloatVector w = Lanes.bfloats(data, base + 2L * j);
            acc0 = w.fma(Lanes.x(x, x0 + j), acc0);
            acc1 = w.fma(Lanes.x(x, x1 + j), acc1);
            acc2 = w.fma(Lanes.x(x, x2 + j), acc2);
            acc3 = w.fma(Lanes.x(x, x3 + j), acc3);
        }
        float s0 = Lanes.sum(acc0), s1 = Lanes.sum(acc1), s2 = Lanes.sum(acc2), s3 = Lanes.sum(acc3);
        for (int j = vectorEnd; j < cols; j++) {
            float w = weight(base, j);
            s0 += w * x[x0 + j];
            s1 += w * x[x1 + j];
            s2 += w * x[x2 + j];
            s3 += w * x[x3 + j];
        }
        out[i0 * rows + row] = s0;
        out[i1 * rows + row] = s1;
        out[i2 * rows + row] = s2;
        out[i3 * rows + row] = s3;
    }

    @Override
    public void dequantizeRow(int row, float[] out, int offset) {
        long base = (long) row * cols * 2;
        for (int j = 0; j < cols; j++) {
            out[offset + j] = weight(base, j);
        }
    }
}
