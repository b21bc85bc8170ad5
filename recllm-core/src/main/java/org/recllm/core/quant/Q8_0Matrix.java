package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.L;
import static org.recllm.core.quant.Lanes.SHORT_LE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;

/**
 * ggml's Q8_0: blocks of 32 weights stored as a float16 scale d and 32 int8 values q; weight = d·q. The kernels widen
 * the bytes to float lanes and scale them in registers (exactly: an 11-bit scale times an 8-bit integer fits float32).
 */
public final class Q8_0Matrix extends RowMatrix {
    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 2 + BLOCK;

    private final MemorySegment data;
    private final int blocks;

    public Q8_0Matrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        requireWholeBlocks(cols, GgmlType.Q8_0);
        requireBytes(data, GgmlType.Q8_0.bytesFor((long) rows * cols), GgmlType.Q8_0);
        this.data = data;
        this.blocks = cols / BLOCK;
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
                dst.set(ValueLayout.JAVA_BYTE, block + 2 + j, (byte) q);
            }
        }
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    private long rowStart(int row) {
        return (long) row * blocks * BLOCK_BYTES;
    }

    @Override
    protected float dot(int row, float[] x, int xOffset) {
        long block = rowStart(row);
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0, xb = xOffset; b < blocks; b++, block += BLOCK_BYTES, xb += BLOCK) {
            FloatVector d = FloatVector.broadcast(FLOATS, Lanes.fp16(data, block));
            for (int j = 0; j < BLOCK; j += L) {
                FloatVector w = Lanes.toFloats(Lanes.bytes(data, block + 2 + j)).mul(d);
                acc = w.fma(Lanes.x(x, xb + j), acc);
            }
        }
        return Lanes.sum(acc);
    }

    @Override
    protected void dotFour(int row, float[] x, int first, int count, float[] out) {
        int i0 = input(first, 0, count), i1 = input(first, 1, count), i2 = input(first, 2, count), i3 = input(first, 3, count);
        long block = rowStart(row);
        FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int b = 0, xb = 0; b < blocks; b++, block += BLOCK_BYTES, xb += BLOCK) {
            FloatVector d = FloatVector.broadcast(FLOATS, Lanes.fp16(data, block));
            for (int j = 0; j < BLOCK; j += L) {
                FloatVector w = Lanes.toFloats(Lanes.bytes(data, block + 2 + j)).mul(d);
                acc0 = w.fma(Lanes.x(x, i0 * cols + xb + j), acc0);
                acc1 = w.fma(Lanes.x(x, i1 * cols + xb + j), acc1);
                acc2 = w.fma(Lanes.x(x, i2 * cols + xb + j), acc2);
                acc3 = w.fma(Lanes.x(x, i3 * cols + xb + j), acc3);
            }
        }
        out[i0 * rows + row] = Lanes.sum(acc0);
        out[i1 * rows + row] = Lanes.sum(acc1);
        out[i2 * rows + row] = Lanes.sum(acc2);
        out[i3 * rows + row] = Lanes.sum(acc3);
    }

    @Override
    public void dequantizeRow(int row, float[] out, int offset) {
        long block = rowStart(row);
        for (int b = 0; b < blocks; b++, block += BLOCK_BYTES) {
            float d = Lanes.fp16(data, block);
            for (int j = 0; j < BLOCK; j++) {
                out[offset + b * BLOCK + j] = d * data.get(ValueLayout.JAVA_BYTE, block + 2 + j);
            }
        }
    }
}
