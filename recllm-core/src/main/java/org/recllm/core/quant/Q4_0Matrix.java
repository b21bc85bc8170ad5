package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.L;
import static org.recllm.core.quant.Lanes.SHORT_LE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;

/**
 * ggml's Q4_0: blocks of 32 weights stored as a float16 scale d and 16 bytes of 4-bit values q; weight = d·(q − 8).
 * Byte j holds weight j in its low nibble and weight j + 16 in its high nibble.
 */
public final class Q4_0Matrix extends RowMatrix {
    static final int BLOCK = 32;
    static final int BLOCK_BYTES = 2 + BLOCK / 2;
    private static final byte OFFSET = 8;

    private final MemorySegment data;
    private final int blocks;

    public Q4_0Matrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        requireWholeBlocks(cols, GgmlType.Q4_0);
        requireBytes(data, GgmlType.Q4_0.bytesFor((long) rows * cols), GgmlType.Q4_0);
        this.data = data;
        this.blocks = cols / BLOCK;
    }

    /**
     * Quantises {@code n} values (a multiple of 32) as ggml's reference does: d = m / −8 where m is the value of
     * largest magnitude (so m itself is stored exactly as q = 0), q = min(15, ⌊x/d + 8.5⌋).
     */
    public static void encode(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        requireWholeBlocks(n, GgmlType.Q4_0);
        for (int b = 0; b < n / BLOCK; b++) {
            int from = srcOffset + b * BLOCK;
            long block = dstOffset + (long) b * BLOCK_BYTES;
            float amax = 0;
            float max = 0;
            for (int j = 0; j < BLOCK; j++) {
                float v = src[from + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8;
            float inverse = d != 0 ? 1 / d : 0;
            dst.set(SHORT_LE, block, Float.floatToFloat16(d));
            for (int j = 0; j < BLOCK / 2; j++) {
                int low = Math.min(15, (int) (src[from + j] * inverse + 8.5f));
                int high = Math.min(15, (int) (src[from + BLOCK / 2 + j] * inverse + 8.5f));
                dst.set(ValueLayout.JAVA_BYTE, block + 2 + j, (byte) (low | high << 4));
            }
        }
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    private long rowStart(int row) {
        return (long) row * blocks * BLOCK_BYTES;
    }

    /** Weights j … j + L of half {@code half} (0: low nibbles, elements 0–15; 1: high nibbles, 16–31), scaled. */
    private FloatVector weights(long block, int half, int j, FloatVector d) {
        ByteVector packed = Lanes.bytes(data, block + 2 + j);
        return Lanes.toFloats(Lanes.nibbles(packed, 4 * half).sub(OFFSET)).mul(d);
    }

    @Override
    protected float dot(int row, float[] x, int xOffset) {
        long block = rowStart(row);
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0, xb = xOffset; b < blocks; b++, block += BLOCK_BYTES, xb += BLOCK) {
            FloatVector d = FloatVector.broadcast(FLOATS, Lanes.fp16(data, block));
            for (int half = 0; half < 2; half++) {
                for (int j = 0; j < BLOCK / 2; j += L) {
                    acc = weights(block, half, j, d).fma(Lanes.x(x, xb + BLOCK / 2 * half + j), acc);
                }
            }
        }
        return Lanes.sum(acc);
    }

    @Override
    protected void dotFour(int row, float[] x, int first, int count, float[] out) {
        int i0 = input(first, 0, count), i1 = input(first, 1, count), i2 = input(first, 2, count), i3 = input(first, 3, count);
        int x0 = i0 * cols, x1 = i1 * cols, x2 = i2 * cols, x3 = i3 * cols;
        long block = rowStart(row);
        FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int b = 0, xb = 0; b < blocks; b++, block += BLOCK_BYTES, xb += BLOCK) {
            FloatVector d = FloatVector.broadcast(FLOATS, Lanes.fp16(data, block));
            for (int half = 0; half < 2; half++) {
                for (int j = 0; j < BLOCK / 2; j += L) {
                    FloatVector w = weights(block, half, j, d);
                    int p = xb + BLOCK / 2 * half + j;
                    acc0 = w.fma(Lanes.x(x, x0 + p), acc0);
                    acc1 = w.fma(Lanes.x(x, x1 + p), acc1);
                    acc2 = w.fma(Lanes.x(x, x2 + p), acc2);
                    acc3 = w.fma(Lanes.x(x, x3 + p), acc3);
                }
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
            for (int j = 0; j < BLOCK / 2; j++) {
                int packed = data.get(ValueLayout.JAVA_BYTE, block + 2 + j) & 0xFF;
                out[offset + b * BLOCK + j] = d * ((packed & 0x0F) - OFFSET);
                out[offset + b * BLOCK + BLOCK / 2 + j] = d * ((packed >>> 4) - OFFSET);
            }
        }
    }
}
