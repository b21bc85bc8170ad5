package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.L;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;

/**
 * ggml's Q4_K: super-blocks of 256 weights in 8 sub-blocks of 32. A super-block stores float16 d and dmin, 12 bytes
 * of 6-bit sub-block scales and mins (see {@link #scaleAndMin}), then 128 bytes of nibbles; weight = d·scale·q −
 * dmin·min. Sub-blocks go in pairs over 32 bytes: the low nibbles are the first sub-block, the high nibbles the second
 * (ggml's dequantize_row_q4_K).
 */
public final class Q4_KMatrix extends RowMatrix {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 2 + 2 + 12 + BLOCK / 2;
    private static final int SCALES = 4;
    private static final int QUANTS = 16;

    private final MemorySegment data;
    private final int blocks;

    public Q4_KMatrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        requireWholeBlocks(cols, GgmlType.Q4_K);
        requireBytes(data, GgmlType.Q4_K.bytesFor((long) rows * cols), GgmlType.Q4_K);
        this.data = data;
        this.blocks = cols / BLOCK;
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    /**
     * Quantises {@code n} values (a multiple of 256) the plain way, without ggml's iterative search for the best
     * scale and min (make_qkx2_quants), so files are valid and close but not byte-identical to llama.cpp's: each
     * sub-block of 32 maps [min(0, lowest), highest] onto 0..15; the sub-block scales and mins are stored as 6-bit
     * multiples of d and dmin (scales rounded up), the largest of each becoming 63.
     */
    public static void encode(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        requireWholeBlocks(n, GgmlType.Q4_K);
        float[] scales = new float[8];
        float[] mins = new float[8];
        for (int b = 0; b < n / BLOCK; b++) {
            int from = srcOffset + b * BLOCK;
            long block = dstOffset + (long) b * BLOCK_BYTES;
            float maxScale = 0;
            float maxMin = 0;
            for (int sub = 0; sub < 8; sub++) {
                float lowest = 0;
                float highest = 0;
                for (int j = 0; j < 32; j++) {
                    lowest = Math.min(lowest, src[from + 32 * sub + j]);
                    highest = Math.max(highest, src[from + 32 * sub + j]);
                }
                scales[sub] = (highest - lowest) / 15;
                mins[sub] = -lowest;
                maxScale = Math.max(maxScale, scales[sub]);
                maxMin = Math.max(maxMin, mins[sub]);
            }
            short storedD = Lanes.fp16Covering(maxScale / 63);
            short storedDmin = Lanes.fp16Covering(maxMin / 63);
            dst.set(Lanes.SHORT_LE, block, storedD);
            dst.set(Lanes.SHORT_LE, block + 2, storedDmin);
            float d = Float.float16ToFloat(storedD);
            float dmin = Float.float16ToFloat(storedDmin);
            byte[] packed = new byte[12];
            for (int sub = 0; sub < 8; sub++) {
                // Rounding the scale up keeps the step at least what the range needs, so the top value is not clamped.
                int scale = d > 0 ? Math.clamp((long) Math.ceil(scales[sub] / d), 0, 63) : 0;
                int min = dmin > 0 ? Math.clamp(Math.round(mins[sub] / dmin), 0, 63) : 0;
                packScaleAndMin(packed, sub, scale, min);
                float step = d * scale;
                float offset = dmin * min;
                int shift = 4 * (sub & 1);
                for (int j = 0; j < 32; j++) {
                    int q = step > 0 ? Math.clamp(Math.round((src[from + 32 * sub + j] + offset) / step), 0, 15) : 0;
                    long at = block + QUANTS + 32L * (sub / 2) + j;
                    dst.set(ValueLayout.JAVA_BYTE, at, (byte) (shift == 0 ? q : (u8(dst, at) | q << 4)));
                }
            }
            MemorySegment.copy(packed, 0, dst, ValueLayout.JAVA_BYTE, block + SCALES, 12);
        }
    }

    /** The inverse of {@link #scaleAndMin}: 6-bit scale and min of sub-block {@code j} into the 12 packed bytes. */
    static void packScaleAndMin(byte[] packed, int j, int scale, int min) {
        if (j < 4) {
            packed[j] = (byte) ((packed[j] & 0xC0) | scale);
            packed[j + 4] = (byte) ((packed[j + 4] & 0xC0) | min);
        } else {
            packed[j + 4] = (byte) ((scale & 0x0F) | (min & 0x0F) << 4);
            packed[j - 4] = (byte) ((packed[j - 4] & 0x3F) | (scale >> 4) << 6);
            packed[j] = (byte) ((packed[j] & 0x3F) | (min >> 4) << 6);
        }
    }

    /**
     * Sub-block {@code j}'s 6-bit scale (low byte of the result) and min (next byte), as ggml's get_scale_min_k4
     * unpacks them: sub-blocks 0–3 use the low 6 bits of bytes j and j + 4; sub-blocks 4–7 take their low 4 bits from
     * byte j + 4's nibbles and their top 2 bits from the spare high bits of bytes j − 4 and j.
     */
    static int scaleAndMin(MemorySegment data, long scales, int j) {
        int scale;
        int min;
        if (j < 4) {
            scale = u8(data, scales + j) & 63;
            min = u8(data, scales + j + 4) & 63;
        } else {
            int packed = u8(data, scales + j + 4);
            scale = (packed & 0x0F) | (u8(data, scales + j - 4) >>> 6) << 4;
            min = (packed >>> 4) | (u8(data, scales + j) >>> 6) << 4;
        }
        return scale | min << 8;
    }

    private static int u8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    private long rowStart(int row) {
        return (long) row * blocks * BLOCK_BYTES;
    }

    /** Weights j … j + L of sub-block {@code sub}: its nibbles (low for even, high for odd sub-blocks)·scale − min. */
    private FloatVector weights(long block, int sub, int j, FloatVector scale, FloatVector negatedMin) {
        ByteVector packed = Lanes.bytes(data, block + QUANTS + 32L * (sub / 2) + j);
        return Lanes.toFloats(Lanes.nibbles(packed, 4 * (sub & 1))).fma(scale, negatedMin);
    }

    @Override
    protected float dot(int row, float[] x, int xOffset) {
        long block = rowStart(row);
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0, xb = xOffset; b < blocks; b++, block += BLOCK_BYTES, xb += BLOCK) {
            float d = Lanes.fp16(data, block);
            float dmin = Lanes.fp16(data, block + 2);
            for (int sub = 0; sub < 8; sub++) {
                int scaleMin = scaleAndMin(data, block + SCALES, sub);
                FloatVector scale = FloatVector.broadcast(FLOATS, d * (scaleMin & 0xFF));
                FloatVector negatedMin = FloatVector.broadcast(FLOATS, -(dmin * (scaleMin >>> 8)));
                for (int j = 0; j < 32; j += L) {
                    acc = weights(block, sub, j, scale, negatedMin).fma(Lanes.x(x, xb + 32 * sub + j), acc);
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
            float d = Lanes.fp16(data, block);
            float dmin = Lanes.fp16(data, block + 2);
            for (int sub = 0; sub < 8; sub++) {
                int scaleMin = scaleAndMin(data, block + SCALES, sub);
                FloatVector scale = FloatVector.broadcast(FLOATS, d * (scaleMin & 0xFF));
                FloatVector negatedMin = FloatVector.broadcast(FLOATS, -(dmin * (scaleMin >>> 8)));
                for (int j = 0; j < 32; j += L) {
                    FloatVector w = weights(block, sub, j, scale, negatedMin);
                    int p = xb + 32 * sub + j;
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
    protected GgmlType activationType() {
        return GgmlType.Q8_K;
    }

    @Override
    protected final void dotRows(int from, int to, ActivationBlocks x, int count, float[] out) {
        for (int r = from; r < to; r++) {
            for (int i = 0; i < count; i++) {
                out[i * rows + r] = dot(r, x, i);
            }
        }
    }

    /**
     * As llama.cpp's vec_dot_q4_K_q8_K: per super-block, d_x · d · Σ_j scale_j · (integer dot of sub-block j) −
     * d_x · dmin · Σ_j min_j · (sum of sub-block j's activation quants), the integer parts exact.
     */
    private float dot(int row, ActivationBlocks x, int input) {
        short[] quants = x.quants();
        float[] scales = x.scales();
        int[] sums = x.sums();
        long block = rowStart(row);
        FloatVector acc = Int8Lanes.zero();
        float minimums = 0;
        for (int b = 0, at = input * cols, s = input * blocks; b < blocks; b++, block += BLOCK_BYTES, at += BLOCK, s++) {
            IntVector total = IntVector.zero(Int8Lanes.INTS);
            int minSum = 0;
            for (int sub = 0; sub < 8; sub++) {
                int scaleMin = scaleAndMin(data, block + SCALES, sub);
                long bytes = block + QUANTS + 32L * (sub / 2);
                int shift = 4 * (sub & 1);
                int p = at + 32 * sub;
                IntVector pairs = Int8Lanes.pairSums(nibbleWeights(bytes, shift), quants, p);
                for (int j = Int8Lanes.STEP; j < 32; j += Int8Lanes.STEP) {
                    pairs = pairs.add(Int8Lanes.pairSums(nibbleWeights(bytes + j, shift), quants, p + j));
                }
                total = total.add(pairs.mul(scaleMin & 0xFF));
                minSum += (scaleMin >>> 8) * subBlockQuantSum(sums, p);
            }
            float dx = scales[s];
            acc = Int8Lanes.scaled(Int8Lanes.folded(total), dx * Lanes.fp16(data, block), acc);
            minimums += dx * Lanes.fp16(data, block + 2) * minSum;
        }
        return Int8Lanes.sum(acc) - minimums;
    }

    /** {@link Int8Lanes#STEP} nibbles (0..15) of the bytes at {@code bytes}, from bit {@code shift}, as 16-bit lanes. */
    private ShortVector nibbleWeights(long bytes, int shift) {
        return Int8Lanes.widen(Lanes.nibbles(Int8Lanes.bytes(data, bytes), shift));
    }

    /** The sum of the 32 activation quants from {@code at}, from the Q8_K sums of 16. */
    private static int subBlockQuantSum(int[] sums, int at) {
        int group = at / ActivationBlocks.SUM_GROUP;
        return sums[group] + sums[group + 1];
    }

    @Override
    public void dequantizeRow(int row, float[] out, int offset) {
        long block = rowStart(row);
        for (int b = 0; b < blocks; b++, block += BLOCK_BYTES) {
            float d = Lanes.fp16(data, block);
            float dmin = Lanes.fp16(data, block + 2);
            for (int sub = 0; sub < 8; sub++) {
                int scaleMin = scaleAndMin(data, block + SCALES, sub);
                float scale = d * (scaleMin & 0xFF);
                float min = dmin * (scaleMin >>> 8);
                int shift = 4 * (sub & 1);
                long quants = block + QUANTS + 32L * (sub / 2);
                for (int j = 0; j < 32; j++) {
                    int q = (u8(data, quants + j) >>> shift) & 0x0F;
                    // One rounding, as the kernels' fused multiply-add.
                    out[offset + b * BLOCK + 32 * sub + j] = Math.fma(q, scale, -min);
                }
            }
        }
    }
}
