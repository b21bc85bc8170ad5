package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.L;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.recllm.core.parallel.Parallel;

/**
 * ggml's Q6_K: super-blocks of 256 weights stored as 128 bytes ql (low 4 bits), 64 bytes qh (high 2 bits), 16 int8
 * scales (one per 16 weights) and a float16 d; weight = d·scale·(q − 32). Each half of 128 weights uses 64 ql bytes
 * and 32 qh bytes: for l in 0..31, ql[l] carries weights l (low nibble) and l + 64 (high), ql[l + 32] weights l + 32
 * and l + 96, and qh[l] the high bits of l, l + 32, l + 64, l + 96 in bit pairs 0, 2, 4, 6 (ggml's
 * dequantize_row_q6_K).
 *
 * <p>The float kernels read a copy made at construction, on the heap: each weight's quant, minus 32, as one signed
 * byte in row order, and each group's d·scale as a float (exact: an 11-bit by 8-bit product). Cutting the six bits
 * out of ql and qh took three quarters of the kernel's vector operations, and memory-segment loads kept bounds checks
 * that array loads in counted loops lose; on the copy a row is Q8_0's loop with a scale per 16 weights, and the
 * products are the bits the file's own layout gave. The copy takes 1.25 bytes per weight against the file's 0.82; the
 * integer kernels (llama.cpp's numbers) read the file's layout.
 */
public final class Q6_KMatrix extends RowMatrix {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = BLOCK / 2 + BLOCK / 4 + BLOCK / 16 + 2;
    private static final int HIGH_BITS = BLOCK / 2;
    private static final int SCALES = HIGH_BITS + BLOCK / 4;
    private static final int D = SCALES + BLOCK / 16;
    private static final byte OFFSET = 32;

    private static final int GROUP = 16;

    private final MemorySegment data;
    private final int blocks;
    /** The float kernels' copy of the quants, minus 32: row r's from r·cols. */
    private final byte[] centred;
    /** d·scale of each group of 16 weights, row r's from r·cols/16. */
    private final float[] groupScales;

    public Q6_KMatrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        requireWholeBlocks(cols, GgmlType.Q6_K);
        requireBytes(data, GgmlType.Q6_K.bytesFor((long) rows * cols), GgmlType.Q6_K);
        this.data = data;
        this.blocks = cols / BLOCK;
        this.centred = new byte[copyLength((long) rows * cols, GgmlType.Q6_K)];
        this.groupScales = new float[rows * cols / GROUP];
        for (int k = 0; k < rows * blocks; k++) {
            long block = (long) k * BLOCK_BYTES;
            float d = Lanes.fp16(data, block + D);
            for (int g = 0; g < BLOCK / GROUP; g++) {
                groupScales[k * (BLOCK / GROUP) + g] = d * data.get(ValueLayout.JAVA_BYTE, block + SCALES + g);
            }
            for (int i = 0; i < BLOCK; i++) {
                centred[k * BLOCK + i] = (byte) quant(block, i);
            }
        }
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    /**
     * Quantises {@code n} values (a multiple of 256) the plain way, without ggml's iterative scale search
     * (make_qx_quants), so files are valid and close but not byte-identical to llama.cpp's: in each group of 16 the
     * value of largest magnitude maps to q − 32 = −32 (as Q4_0 does with −8), and the 16 group scales are stored as
     * int8 multiples of d (rounded away from zero), the largest in magnitude becoming −128.
     */
    public static void encode(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        requireWholeBlocks(n, GgmlType.Q6_K);
        float[] groupScales = new float[16];
        for (int b = 0; b < n / BLOCK; b++) {
            int from = srcOffset + b * BLOCK;
            long block = dstOffset + (long) b * BLOCK_BYTES;
            float largest = 0;
            for (int g = 0; g < 16; g++) {
                float max = 0;
                for (int j = 0; j < 16; j++) {
                    float v = src[from + 16 * g + j];
                    if (Math.abs(v) > Math.abs(max)) {
                        max = v;
                    }
                }
                groupScales[g] = max / -32;
                if (Math.abs(groupScales[g]) > Math.abs(largest)) {
                    largest = groupScales[g];
                }
            }
            short storedD = Lanes.fp16Covering(largest / -128);
            dst.set(Lanes.SHORT_LE, block + D, storedD);
            float d = Float.float16ToFloat(storedD);
            dst.asSlice(block, BLOCK / 2 + BLOCK / 4).fill((byte) 0); // the quant bits are OR-ed in below
            for (int g = 0; g < 16; g++) {
                // Rounding the scale away from zero keeps the step at least what the group needs: no clamping.
                float ratio = d != 0 ? groupScales[g] / d : 0;
                int scale = Math.clamp((long) (Math.signum(ratio) * Math.ceil(Math.abs(ratio))), -128, 127);
                dst.set(ValueLayout.JAVA_BYTE, block + SCALES + g, (byte) scale);
                float step = d * scale;
                for (int j = 0; j < 16; j++) {
                    int i = 16 * g + j;
                    int q = step != 0 ? Math.clamp(Math.round(src[from + i] / step), -32, 31) + 32 : 32;
                    int half = i / 128, within = i % 128, l = within % 32, quarter = within / 32;
                    long low = block + 64L * half + l + 32 * (quarter & 1);
                    long high = block + HIGH_BITS + 32L * half + l;
                    int lowByte = dst.get(ValueLayout.JAVA_BYTE, low) & 0xFF;
                    dst.set(ValueLayout.JAVA_BYTE, low, (byte) (quarter < 2 ? (lowByte & 0xF0) | (q & 0x0F) : (lowByte & 0x0F) | (q & 0x0F) << 4));
                    int highByte = dst.get(ValueLayout.JAVA_BYTE, high) & 0xFF;
                    dst.set(ValueLayout.JAVA_BYTE, high, (byte) (highByte | (q >> 4) << (2 * quarter)));
                }
            }
        }
    }

    private long rowStart(int row) {
        return (long) row * blocks * BLOCK_BYTES;
    }

    /** Weight i of the super-block at {@code block}, as its stored 6-bit quant minus 32. */
    private int quant(long block, int i) {
        int half = i / 128, within = i % 128, l = within % 32, quarter = within / 32;
        int lowByte = data.get(ValueLayout.JAVA_BYTE, lowBytes(block, half, quarter, l)) & 0xFF;
        int low = quarter < 2 ? lowByte & 0x0F : lowByte >>> 4;
        int high = (data.get(ValueLayout.JAVA_BYTE, highBytes(block, half, l)) >>> (2 * quarter)) & 3;
        return (low | high << 4) - OFFSET;
    }

    /** Where the low 4 bits of weight l of quarter {@code quarter} of half {@code half} are. */
    private static long lowBytes(long block, int half, int quarter, int l) {
        return block + 64L * half + 32 * (quarter & 1) + l;
    }

    /** Where the high 2 bits of weight l of a quarter of half {@code half} are. */
    private static long highBytes(long block, int half, int l) {
        return block + HIGH_BITS + 32L * half + l;
    }

    /** Per group of 16 weights: the quants times the group's d·scale, then multiply-added with the input. */
    @Override
    protected float dot(int row, float[] x, int xOffset, float[] terms) {
        FloatVector acc = FloatVector.zero(FLOATS);
        int groups = cols / GROUP;
        for (int g = 0, s = row * groups, at = row * cols, p = xOffset; g < groups; g++, s++, at += GROUP, p += GROUP) {
            FloatVector scale = FloatVector.broadcast(FLOATS, groupScales[s]);
            for (int j = 0; j < GROUP; j += L) {
                FloatVector w = Lanes.toFloats(Lanes.bytes(centred, at + j)).mul(scale);
                acc = w.fma(Lanes.x(x, p + j), acc);
            }
        }
        return Lanes.sum(acc);
    }

    @Override
    protected Parallel.RangeBody rowDots(float[] x, int xOffset, float[] terms, float[] out, int outOffset) {
        return (from, to) -> {
            for (int r = from; r < to; r++) {
                out[outOffset + r] = dot(r, x, xOffset, terms);
            }
        };
    }

    @Override
    protected void dotFour(int row, float[] x, int first, int count, float[] terms, float[] out) {
        int i0 = input(first, 0, count), i1 = input(first, 1, count), i2 = input(first, 2, count), i3 = input(first, 3, count);
        int x0 = i0 * cols, x1 = i1 * cols, x2 = i2 * cols, x3 = i3 * cols;
        FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int groups = cols / GROUP;
        for (int g = 0, s = row * groups, at = row * cols, p = 0; g < groups; g++, s++, at += GROUP, p += GROUP) {
            FloatVector scale = FloatVector.broadcast(FLOATS, groupScales[s]);
            for (int j = 0; j < GROUP; j += L) {
                FloatVector w = Lanes.toFloats(Lanes.bytes(centred, at + j)).mul(scale);
                acc0 = w.fma(Lanes.x(x, x0 + p + j), acc0);
                acc1 = w.fma(Lanes.x(x, x1 + p + j), acc1);
                acc2 = w.fma(Lanes.x(x, x2 + p + j), acc2);
                acc3 = w.fma(Lanes.x(x, x3 + p + j), acc3);
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

    /** As llama.cpp's vec_dot_q6_K_q8_K: per super-block, d_x · d · Σ_g scale_g · (integer dot of the 16 weights of g). */
    private float dot(int row, ActivationBlocks x, int input) {
        short[] quants = x.quants();
        float[] scales = x.scales();
        long block = rowStart(row);
        FloatVector acc = Int8Lanes.zero();
        for (int b = 0, w = row * cols, at = input * cols, s = input * blocks; b < blocks; b++, block += BLOCK_BYTES, w += BLOCK, at += BLOCK, s++) {
            IntVector total = IntVector.zero(Int8Lanes.INTS);
            for (int first = 0; first < BLOCK; first += Int8Lanes.STEP) {
                ShortVector weights = Int8Lanes.widen(Int8Lanes.bytes(centred, w + first));
                total = total.add(Int8Lanes.pairSums(weights, quants, at + first).mul(stepScales(block, first)));
            }
            acc = Int8Lanes.scaled(Int8Lanes.folded(total), scales[s] * Lanes.fp16(data, block + D), acc);
        }
        return Int8Lanes.sum(acc);
    }

    /**
     * The int8 scales of the pair sums of a step from weight {@code first}: each lane covers two weights, and a scale
     * 16, so a step of 16 takes one scale and a step of 32 two, one per half of its lanes.
     */
    private IntVector stepScales(long block, int first) {
        IntVector scale = IntVector.broadcast(Int8Lanes.INTS, data.get(ValueLayout.JAVA_BYTE, block + SCALES + first / 16));
        if (Int8Lanes.STEP == 16) {
            return scale;
        }
        int next = data.get(ValueLayout.JAVA_BYTE, block + SCALES + first / 16 + 1);
        return scale.blend(next, UPPER_HALF);
    }

    /** Lanes L/2 … L − 1 (L is 8 or 16): all lanes' bits less the lower half's. */
    private static final VectorMask<Integer> UPPER_HALF = VectorMask.fromLong(Int8Lanes.INTS,
            (1L << Int8Lanes.INTS.length()) - (1L << Int8Lanes.INTS.length() / 2));

    @Override
    public void dequantizeRow(int row, float[] out, int offset) {
        for (int i = 0, at = row * cols; i < cols; i++) {
            out[offset + i] = groupScales[(at + i) / GROUP] * centred[at + i];
        }
    }
}
