package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.INTS;
import static org.recllm.core.quant.Lanes.L;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.recllm.core.parallel.Parallel;

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
        return data.get(Lanes.LONG_LE, block + SCALES);
    }

    private int lastScaleBytes(long block) {
        return data.get(Lanes.INT_LE, block + SCALES + 8);
    }

    /**
     * The float kernels' terms: each input's sum over each sub-block of 32, which the sub-block's min multiplies
     * (Σ_j (d·scale·q_j − dmin·min)·x_j = d·scale·Σ_j q_j·x_j − dmin·min·Σ_j x_j); L per super-block, the eight sums
     * and zeros up to the lane count, so one multiply-add with the eight mins takes a super-block's share.
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
                Arrays.fill(terms, t + 8, t + L, 0f);
            }
        }
        return terms;
    }

    /** The low nibbles of L bytes (sub-block 2·pair of a pair), as float lanes. */
    private static FloatVector lowNibbles(IntVector bytes) {
        return Lanes.intsToFloats(bytes.and(0x0F));
    }

    /** The high nibbles of L zero-extended bytes (sub-block 2·pair + 1), as float lanes. */
    private static FloatVector highNibbles(IntVector bytes) {
        return Lanes.intsToFloats(bytes.lanewise(VectorOperators.LSHR, 4));
    }

    /** The nibbles of L bytes from bit {@code shift} (0 or 4): {@link #lowNibbles} or {@link #highNibbles}'s values. */
    private static FloatVector nibbles(IntVector bytes, int shift) {
        return Lanes.intsToFloats(bytes.lanewise(VectorOperators.LSHR, shift).and(0x0F));
    }

    /**
     * Per super-block: the min term from the input's sub-block sums, then per pair of sub-blocks (32 bytes, low
     * nibbles the first, high nibbles the second) Σ q·x of each, scaled once by d·scale.
     */
    @Override
    protected float dot(int row, float[] x, int xOffset, float[] terms) {
        long block = rowStart(row);
        FloatVector acc = FloatVector.zero(FLOATS), minimums = acc;
        for (int b = 0, xb = xOffset; b < blocks; b++, block += BLOCK_BYTES, xb += BLOCK) {
            float d = Lanes.fp16(data, block);
            long first = firstScaleBytes(block);
            int last = lastScaleBytes(block);
            long scales = scales(first, last);
            // What minimums(row, terms, 0) computes, in the same order, without a second pass over the row.
            minimums = negatedMins(mins(first, last), Lanes.fp16(data, block + 2)).fma(Lanes.x(terms, b * L), minimums);
            for (int pair = 0; pair < 4; pair++) {
                long bytes = block + QUANTS + 32L * pair;
                int p = xb + 64 * pair;
                FloatVector low = FloatVector.zero(FLOATS), high = low;
                for (int j = 0; j < 32; j += L) {
                    IntVector packed = Lanes.byteInts(data, bytes + j);
                    low = lowNibbles(packed).fma(Lanes.x(x, p + j), low);
                    high = highNibbles(packed).fma(Lanes.x(x, p + 32 + j), high);
                }
                acc = low.fma(FloatVector.broadcast(FLOATS, d * sixBits(scales, 2 * pair)), acc);
                acc = high.fma(FloatVector.broadcast(FLOATS, d * sixBits(scales, 2 * pair + 1)), acc);
            }
        }
        return Lanes.sum(acc) + Lanes.sum(minimums);
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
        long block = rowStart(row);
        FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int b = 0, xb = 0; b < blocks; b++, block += BLOCK_BYTES, xb += BLOCK) {
            float d = Lanes.fp16(data, block);
            long scales = scales(firstScaleBytes(block), lastScaleBytes(block));
            // Sub-block by sub-block (one nibble half per pass): a pass per pair holds eight partial sums, and with them
            // C2 ran past its node budget. Each input still sees dot's operations in dot's order.
            for (int sub = 0; sub < 8; sub++) {
                long bytes = block + QUANTS + 32L * (sub / 2);
                int shift = 4 * (sub & 1);
                int p = xb + 32 * sub;
                FloatVector sum0 = FloatVector.zero(FLOATS), sum1 = sum0, sum2 = sum0, sum3 = sum0;
                for (int j = 0; j < 32; j += L) {
                    FloatVector q = nibbles(Lanes.byteInts(data, bytes + j), shift);
                    sum0 = q.fma(Lanes.x(x, x0 + p + j), sum0);
                    sum1 = q.fma(Lanes.x(x, x1 + p + j), sum1);
                    sum2 = q.fma(Lanes.x(x, x2 + p + j), sum2);
                    sum3 = q.fma(Lanes.x(x, x3 + p + j), sum3);
                }
                FloatVector scale = FloatVector.broadcast(FLOATS, d * sixBits(scales, sub));
                acc0 = sum0.fma(scale, acc0);
                acc1 = sum1.fma(scale, acc1);
                acc2 = sum2.fma(scale, acc2);
                acc3 = sum3.fma(scale, acc3);
            }
        }
        // The lane sums before the scalar minimums: C2 parses in this order, and the vector code must be inlined first.
        float sum0 = Lanes.sum(acc0), sum1 = Lanes.sum(acc1), sum2 = Lanes.sum(acc2), sum3 = Lanes.sum(acc3);
        int termsPerInput = blocks * L;
        out[i0 * rows + row] = sum0 + minimums(row, terms, i0 * termsPerInput);
        out[i1 * rows + row] = sum1 + minimums(row, terms, i1 * termsPerInput);
        out[i2 * rows + row] = sum2 + minimums(row, terms, i2 * termsPerInput);
        out[i3 * rows + row] = sum3 + minimums(row, terms, i3 * termsPerInput);
    }

    /**
     * The mins' share of ⟨row, x⟩, Σ over super-blocks of −dmin·Σ_j min_j·(x's sum over sub-block j), from x's terms
     * at {@code termsOffset}, in scalar code that repeats {@link #dot}'s vector accumulation bit for bit: lane j
     * accumulates its products over the super-blocks, then the lanes are added pairwise as {@link Lanes#sum} adds
     * them (lanes from 8 on hold zeros, which change nothing). Scalar so that {@link #dotFour} stays within C2's node
     * budget: vector code for the mins there left its lane sums out of line, boxed (10x slower, measured).
     */
    private float minimums(int row, float[] terms, int termsOffset) {
        long block = rowStart(row);
        float lane0 = 0, lane1 = 0, lane2 = 0, lane3 = 0, lane4 = 0, lane5 = 0, lane6 = 0, lane7 = 0;
        // No helper calls: once dotFour has used up C2's node budget, a call it cannot inline costs more than its work.
        for (int b = 0, t = termsOffset; b < blocks; b++, block += BLOCK_BYTES, t += L) {
            long first = data.get(Lanes.LONG_LE, block + SCALES);
            long mins = first >>> 32 & 0x3F3F3F3FL
                    | (long) (data.get(Lanes.INT_LE, block + SCALES + 8) >>> 4 & 0x0F0F0F0F | (int) (first >>> 34) & 0x30303030) << 32;
            float negatedDmin = -Float.float16ToFloat(data.get(Lanes.SHORT_LE, block + 2));
            lane0 = Math.fma((mins & 0xFF) * negatedDmin, terms[t], lane0);
            lane1 = Math.fma((mins >>> 8 & 0xFF) * negatedDmin, terms[t + 1], lane1);
            lane2 = Math.fma((mins >>> 16 & 0xFF) * negatedDmin, terms[t + 2], lane2);
            lane3 = Math.fma((mins >>> 24 & 0xFF) * negatedDmin, terms[t + 3], lane3);
            lane4 = Math.fma((mins >>> 32 & 0xFF) * negatedDmin, terms[t + 4], lane4);
            lane5 = Math.fma((mins >>> 40 & 0xFF) * negatedDmin, terms[t + 5], lane5);
            lane6 = Math.fma((mins >>> 48 & 0xFF) * negatedDmin, terms[t + 6], lane6);
            lane7 = Math.fma((mins >>> 56) * negatedDmin, terms[t + 7], lane7);
        }
        return ((lane0 + lane4) + (lane2 + lane6)) + ((lane1 + lane5) + (lane3 + lane7));
    }

    /** −dmin·min_j of a super-block's packed {@link #mins} in lanes j < 8 (lanes from 8 on meet zero terms). */
    private static FloatVector negatedMins(long mins, float dmin) {
        // Lane j gets byte j of the packed mins: the low word's bytes in lanes 0–3, the high word's from 4 on.
        IntVector bytes = IntVector.broadcast(INTS, (int) mins).blend((int) (mins >>> 32), FROM_LANE_4)
                .lanewise(VectorOperators.LSHR, BYTE_SHIFTS).and(0xFF);
        return Lanes.intsToFloats(bytes).mul(-dmin);
    }

    private static final VectorMask<Integer> FROM_LANE_4 = VectorMask.fromLong(INTS, -1L << 4);
    private static final IntVector BYTE_SHIFTS = IntVector.fromArray(INTS,
            IntStream.range(0, INTS.length()).map(lane -> 8 * (lane % 4)).toArray(), 0);

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
            long scales = scales(first, last);
            long mins = mins(first, last);
            for (int sub = 0; sub < 8; sub++) {
                float scale = d * sixBits(scales, sub);
                float min = dmin * sixBits(mins, sub);
                int shift = 4 * (sub & 1);
                long quants = block + QUANTS + 32L * (sub / 2);
                for (int j = 0; j < 32; j++) {
                    int q = (u8(data, quants + j) >>> shift) & 0x0F;
                    // One rounding of the exact value: d·scale·q and dmin·min are exact products of fp16 and small ints.
                    out[offset + b * BLOCK + 32 * sub + j] = Math.fma(q, scale, -min);
                }
            }
        }
    }
}
