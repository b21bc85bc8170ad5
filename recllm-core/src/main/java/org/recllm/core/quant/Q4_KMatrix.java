package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.L;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ggml's Q4_K: super-blocks of 256 weights in 8 sub-blocks of 32. A super-block stores float16 d and dmin, 12 bytes
 * of 6-bit sub-block scales and mins (see {@link #scales}, {@link #mins}), then 128 bytes of nibbles; weight =
 * d·scale·q − dmin·min. Sub-blocks go in pairs over 32 bytes: the low nibbles are the first sub-block, the high nibbles the second
 * (ggml's dequantize_row_q4_K).
 */
public final class Q4_KMatrix extends RowMatrix {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 2 + 2 + 12 + BLOCK / 2;
    private static final int SCALES = 4;
    private static final int QUANTS = 16;

    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /**
     * Two longs: a packed set of eight mins in each, widened to L float lanes (8 on AVX2 read the first). A one-lane
     * 64-bit long vector has no machine form; C2 would run it as Java code.
     */
    private static final VectorSpecies<Long> MINS = LongVector.SPECIES_128;

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

    /** The inverse of {@link #scales} and {@link #mins}: 6-bit scale and min of sub-block {@code j} into the 12 packed bytes. */
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
     * The eight 6-bit sub-block scales, one per byte (sub-block j in byte j), from the 12 scale bytes read as a long
     * ({@code first}: bytes 0–7) and an int ({@code last}: bytes 8–11), as ggml's get_scale_min_k4 lays them out:
     * sub-blocks 0–3 in the low 6 bits of bytes 0–3; sub-blocks 4–7 with their low 4 bits in the low nibbles of bytes
     * 8–11 and their top 2 bits in the spare high bits of bytes 0–3.
     */
    static long scales(long first, int last) {
        return first & 0x3F3F3F3FL | (long) (last & 0x0F0F0F0F | (int) (first >>> 2) & 0x30303030) << 32;
    }

    /**
     * The eight 6-bit sub-block mins, one per byte: sub-blocks 0–3 in the low 6 bits of bytes 4–7; sub-blocks 4–7
     * with their low 4 bits in the high nibbles of bytes 8–11 and their top 2 bits in the spare high bits of bytes 4–7.
     */
    static long mins(long first, int last) {
        return first >>> 32 & 0x3F3F3F3FL | (long) (last >>> 4 & 0x0F0F0F0F | (int) (first >>> 34) & 0x30303030) << 32;
    }

    /** Byte {@code j} of eight packed 6-bit values ({@link #scales}, {@link #mins}). */
    private static int sixBits(long packed, int j) {
        return (int) (packed >>> 8 * j) & 0xFF;
    }

    private static int u8(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    private long rowStart(int row) {
        return (long) row * blocks * BLOCK_BYTES;
    }

    private long firstScaleBytes(long block) {
        return data.get(LONG_LE, block + SCALES);
    }

    private int lastScaleBytes(long block) {
        return data.get(INT_LE, block + SCALES + 8);
    }

    /**
     * The float kernels' terms: each input's sum over each sub-block of 32, which the sub-block's min multiplies
     * (Σ_j (d·scale·q_j − dmin·min)·x_j = d·scale·Σ_j q_j·x_j − dmin·min·Σ_j x_j), L per super-block: the eight sums
     * and zeros up to the lane count, so one fused multiply-add with the eight mins takes a super-block's min term.
     */
    @Override
    protected float[] inputTerms(float[] x, int xOffset, int count) {
        float[] terms = termsScratch(count * blocks * L);
        for (int i = 0, t = 0; i < count; i++) {
            for (int b = 0, at = xOffset + i * cols; b < blocks; b++, t += L) {
                for (int sub = 0; sub < 8; sub++, at += 32) {
                    FloatVector sum = Lanes.x(x, at);
                    for (int j = L; j < 32; j += L) {
                        sum = sum.add(Lanes.x(x, at + j));
                    }
                    terms[t + sub] = Lanes.sum(sum);
                }
                for (int pad = 8; pad < L; pad++) {
                    terms[t + pad] = 0;
                }
            }
        }
        return terms;
    }

    /** The super-block's eight mins times −dmin as float lanes (repeated up to L lanes, where the terms are zero). */
    private FloatVector negatedMins(long mins, float dmin) {
        return Lanes.toFloats(LongVector.broadcast(MINS, mins).reinterpretAsBytes()).mul(-dmin);
    }

    /** The low (sub-block 2·pair) or high (2·pair + 1) nibbles of L bytes, as float lanes. */
    private static FloatVector lowNibbles(IntVector bytes) {
        return Lanes.intsToFloats(bytes.and(0x0F));
    }

    private static FloatVector highNibbles(IntVector bytes) {
        return Lanes.intsToFloats(bytes.lanewise(VectorOperators.LSHR, 4));
    }

    /**
     * Per super-block: the min term from the input's sub-block sums, then per pair of sub-blocks (32 bytes, low
     * nibbles the first, high nibbles the second) Σ q·x of each, scaled once by d·scale.
     */
    @Override
    protected float dot(int row, float[] x, int xOffset, float[] terms) {
        long block = rowStart(row);
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0, xb = xOffset; b < blocks; b++, block += BLOCK_BYTES, xb += BLOCK) {
            float d = Lanes.fp16(data, block);
            long first = firstScaleBytes(block);
            int last = lastScaleBytes(block);
            long scales = scales(first, last);
            acc = negatedMins(mins(first, last), Lanes.fp16(data, block + 2)).fma(Lanes.x(terms, b * L), acc);
            for (int pair = 0; pair < 4; pair++) {
                long bytes = block + QUANTS + 32L * pair;
                int p = xb + 64 * pair;
                IntVector packed = Lanes.byteInts(data, bytes);
                FloatVector low = lowNibbles(packed).mul(Lanes.x(x, p));
                FloatVector high = highNibbles(packed).mul(Lanes.x(x, p + 32));
                for (int j = L; j < 32; j += L) {
                    packed = Lanes.byteInts(data, bytes + j);
                    low = lowNibbles(packed).fma(Lanes.x(x, p + j), low);
                    high = highNibbles(packed).fma(Lanes.x(x, p + 32 + j), high);
                }
                acc = low.fma(FloatVector.broadcast(FLOATS, d * sixBits(scales, 2 * pair)), acc);
                acc = high.fma(FloatVector.broadcast(FLOATS, d * sixBits(scales, 2 * pair + 1)), acc);
            }
        }
        return Lanes.sum(acc);
    }

    @Override
    protected void dotFour(int row, float[] x, int first, int count, float[] terms, float[] out) {
        int i0 = input(first, 0, count), i1 = input(first, 1, count), i2 = input(first, 2, count), i3 = input(first, 3, count);
        int x0 = i0 * cols, x1 = i1 * cols, x2 = i2 * cols, x3 = i3 * cols;
        int termsPerInput = blocks * L;
        int t0 = i0 * termsPerInput, t1 = i1 * termsPerInput, t2 = i2 * termsPerInput, t3 = i3 * termsPerInput;
        long block = rowStart(row);
        FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int b = 0, xb = 0; b < blocks; b++, block += BLOCK_BYTES, xb += BLOCK) {
            float d = Lanes.fp16(data, block);
            long firstBytes = firstScaleBytes(block);
            int lastBytes = lastScaleBytes(block);
            long scales = scales(firstBytes, lastBytes);
            FloatVector mins = negatedMins(mins(firstBytes, lastBytes), Lanes.fp16(data, block + 2));
            int t = b * L;
            acc0 = mins.fma(Lanes.x(terms, t0 + t), acc0);
            acc1 = mins.fma(Lanes.x(terms, t1 + t), acc1);
            acc2 = mins.fma(Lanes.x(terms, t2 + t), acc2);
            acc3 = mins.fma(Lanes.x(terms, t3 + t), acc3);
            for (int pair = 0; pair < 4; pair++) {
                long bytes = block + QUANTS + 32L * pair;
                int p = xb + 64 * pair;
                IntVector packed = Lanes.byteInts(data, bytes);
                FloatVector q = lowNibbles(packed);
                FloatVector low0 = q.mul(Lanes.x(x, x0 + p)), low1 = q.mul(Lanes.x(x, x1 + p));
                FloatVector low2 = q.mul(Lanes.x(x, x2 + p)), low3 = q.mul(Lanes.x(x, x3 + p));
                q = highNibbles(packed);
                FloatVector high0 = q.mul(Lanes.x(x, x0 + p + 32)), high1 = q.mul(Lanes.x(x, x1 + p + 32));
                FloatVector high2 = q.mul(Lanes.x(x, x2 + p + 32)), high3 = q.mul(Lanes.x(x, x3 + p + 32));
                for (int j = L; j < 32; j += L) {
                    packed = Lanes.byteInts(data, bytes + j);
                    int at = p + j;
                    q = lowNibbles(packed);
                    low0 = q.fma(Lanes.x(x, x0 + at), low0);
                    low1 = q.fma(Lanes.x(x, x1 + at), low1);
                    low2 = q.fma(Lanes.x(x, x2 + at), low2);
                    low3 = q.fma(Lanes.x(x, x3 + at), low3);
                    q = highNibbles(packed);
                    at += 32;
                    high0 = q.fma(Lanes.x(x, x0 + at), high0);
                    high1 = q.fma(Lanes.x(x, x1 + at), high1);
                    high2 = q.fma(Lanes.x(x, x2 + at), high2);
                    high3 = q.fma(Lanes.x(x, x3 + at), high3);
                }
                FloatVector scale = FloatVector.broadcast(FLOATS, d * sixBits(scales, 2 * pair));
                acc0 = low0.fma(scale, acc0);
                acc1 = low1.fma(scale, acc1);
                acc2 = low2.fma(scale, acc2);
                acc3 = low3.fma(scale, acc3);
                scale = FloatVector.broadcast(FLOATS, d * sixBits(scales, 2 * pair + 1));
                acc0 = high0.fma(scale, acc0);
                acc1 = high1.fma(scale, acc1);
                acc2 = high2.fma(scale, acc2);
                acc3 = high3.fma(scale, acc3);
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
            long first = firstScaleBytes(block);
            int last = lastScaleBytes(block);
            long subScales = scales(first, last);
            long subMins = mins(first, last);
            for (int sub = 0; sub < 8; sub++) {
                long bytes = block + QUANTS + 32L * (sub / 2);
                int shift = 4 * (sub & 1);
                int p = at + 32 * sub;
                IntVector pairs = Int8Lanes.pairSums(nibbleWeights(bytes, shift), quants, p);
                for (int j = Int8Lanes.STEP; j < 32; j += Int8Lanes.STEP) {
                    pairs = pairs.add(Int8Lanes.pairSums(nibbleWeights(bytes + j, shift), quants, p + j));
                }
                total = total.add(pairs.mul(sixBits(subScales, sub)));
                minSum += sixBits(subMins, sub) * subBlockQuantSum(sums, p);
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
            long first = firstScaleBytes(block);
            int last = lastScaleBytes(block);
            for (int sub = 0; sub < 8; sub++) {
                float scale = d * sixBits(scales(first, last), sub);
                float min = dmin * sixBits(mins(first, last), sub);
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
