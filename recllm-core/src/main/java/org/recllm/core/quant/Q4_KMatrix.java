package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.L;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import org.recllm.core.parallel.Parallel;

/**
 * ggml's Q4_K: super-blocks of 256 weights in 8 sub-blocks of 32. A super-block stores float16 d and dmin, 12 bytes
 * of 6-bit sub-block scales and mins (see {@link #scales}, {@link #mins}), then 128 bytes of nibbles; weight =
 * d·scale·q − dmin·min. Sub-blocks go in pairs over 32 bytes: the low nibbles are the first sub-block, the high nibbles the second
 * (ggml's dequantize_row_q4_K).
 *
 * <p>The float kernels read a copy made at construction, on the heap: the nibbles in one array (ggml's order without
 * the block headers) and each sub-block's d·scale and dmin·min as floats (exact: products of a float16 and a 6-bit
 * integer). Unpacking the 6-bit scales inside the loop, and the bounds checks of memory-segment loads that C2 did not
 * hoist there, cost more than the arithmetic: on the copy, decoding ran 1.5–1.7x faster on an AVX2 machine
 * (docs/figures/llm-engine.md). The copy takes 0.75 bytes per weight against the file's 0.56; the integer kernels
 * (llama.cpp's numbers) still read the file's own layout.
 */
public final class Q4_KMatrix extends RowMatrix {
    static final int BLOCK = 256;
    static final int BLOCK_BYTES = 2 + 2 + 12 + BLOCK / 2;
    private static final int SCALES = 4;
    private static final int QUANTS = 16;

    private final MemorySegment data;
    private final int blocks;
    /** The float kernels' copy: row r's nibbles from r·cols/2, in the file's order. */
    private final byte[] packedQuants;
    /** d·scale of each sub-block, row r's from r·cols/32. */
    private final float[] subScales;
    /** dmin·min of each sub-block, row r's from r·{@link #minStride}, zeros after its last. */
    private final float[] subMins;
    /** A row's sub-blocks rounded up to whole vectors, so that the mins' share is whole-vector multiply-adds. */
    private final int minStride;

    public Q4_KMatrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        requireWholeBlocks(cols, GgmlType.Q4_K);
        requireBytes(data, GgmlType.Q4_K.bytesFor((long) rows * cols), GgmlType.Q4_K);
        this.data = data;
        this.blocks = cols / BLOCK;
        int subBlocks = cols / 32;
        this.minStride = (subBlocks + L - 1) / L * L;
        this.packedQuants = new byte[copyLength((long) rows * (cols / 2), GgmlType.Q4_K)];
        this.subScales = new float[rows * subBlocks];
        this.subMins = new float[rows * minStride];
        for (int r = 0; r < rows; r++) {
            long block = rowStart(r);
            for (int b = 0; b < blocks; b++, block += BLOCK_BYTES) {
                float d = Lanes.fp16(data, block);
                float dmin = Lanes.fp16(data, block + 2);
                long first = firstScaleBytes(block);
                int last = lastScaleBytes(block);
                long scales = scales(first, last);
                long mins = mins(first, last);
                for (int sub = 0; sub < 8; sub++) {
                    subScales[r * subBlocks + 8 * b + sub] = d * sixBits(scales, sub);
                    subMins[r * minStride + 8 * b + sub] = dmin * sixBits(mins, sub);
                }
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, block + QUANTS, packedQuants, r * (cols / 2) + BLOCK / 2 * b, BLOCK / 2);
            }
        }
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
     * (Σ_j (d·scale·q_j − dmin·min)·x_j = d·scale·Σ_j q_j·x_j − dmin·min·Σ_j x_j), {@link #minStride} per input with
     * zeros after the last sub-block, as {@link #subMins} lays out a row's mins.
     */
    @Override
    protected float[] inputTerms(float[] x, int xOffset, int count) {
        float[] terms = termsScratch(count * minStride);
        int subBlocks = cols / 32;
        for (int i = 0, t = 0; i < count; i++, t += minStride) {
            for (int sub = 0, at = xOffset + i * cols; sub < subBlocks; sub++, at += 32) {
                FloatVector sum = Lanes.x(x, at);
                for (int j = L; j < 32; j += L) {
                    sum = sum.add(Lanes.x(x, at + j));
                }
                terms[t + sub] = Lanes.sum(sum);
            }
            Arrays.fill(terms, t + subBlocks, t + minStride, 0f);
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
     * Per pair of sub-blocks (32 bytes, low nibbles the first, high nibbles the second) Σ q·x of each, scaled once by
     * d·scale; then the mins' share from the input's sub-block sums.
     */
    @Override
    protected float dot(int row, float[] x, int xOffset, float[] terms) {
        FloatVector acc = FloatVector.zero(FLOATS);
        int pairs = cols / 64;
        for (int pair = 0, q = row * (cols / 2), s = row * (cols / 32), p = xOffset; pair < pairs; pair++, q += 32, s += 2, p += 64) {
            FloatVector low = FloatVector.zero(FLOATS), high = low;
            for (int j = 0; j < 32; j += L) {
                IntVector packed = Lanes.byteInts(packedQuants, q + j);
                low = lowNibbles(packed).fma(Lanes.x(x, p + j), low);
                high = highNibbles(packed).fma(Lanes.x(x, p + 32 + j), high);
            }
            acc = low.fma(FloatVector.broadcast(FLOATS, subScales[s]), acc);
            acc = high.fma(FloatVector.broadcast(FLOATS, subScales[s + 1]), acc);
        }
        return Lanes.sum(acc) - minimums(row, terms, 0);
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
        int subBlocks = cols / 32;
        // Sub-block by sub-block (one nibble half per pass): a pass per pair holds eight partial sums, and with them
        // C2 ran past its node budget. Each input still sees dot's operations in dot's order.
        for (int sub = 0, s = row * subBlocks, p = 0; sub < subBlocks; sub++, s++, p += 32) {
            int bytes = row * (cols / 2) + 32 * (sub / 2);
            int shift = 4 * (sub & 1);
            FloatVector sum0 = FloatVector.zero(FLOATS), sum1 = sum0, sum2 = sum0, sum3 = sum0;
            for (int j = 0; j < 32; j += L) {
                FloatVector q = nibbles(Lanes.byteInts(packedQuants, bytes + j), shift);
                sum0 = q.fma(Lanes.x(x, x0 + p + j), sum0);
                sum1 = q.fma(Lanes.x(x, x1 + p + j), sum1);
                sum2 = q.fma(Lanes.x(x, x2 + p + j), sum2);
                sum3 = q.fma(Lanes.x(x, x3 + p + j), sum3);
            }
            FloatVector scale = FloatVector.broadcast(FLOATS, subScales[s]);
            acc0 = sum0.fma(scale, acc0);
            acc1 = sum1.fma(scale, acc1);
            acc2 = sum2.fma(scale, acc2);
            acc3 = sum3.fma(scale, acc3);
        }
        out[i0 * rows + row] = Lanes.sum(acc0) - minimums(row, terms, i0 * minStride);
        out[i1 * rows + row] = Lanes.sum(acc1) - minimums(row, terms, i1 * minStride);
        out[i2 * rows + row] = Lanes.sum(acc2) - minimums(row, terms, i2 * minStride);
        out[i3 * rows + row] = Lanes.sum(acc3) - minimums(row, terms, i3 * minStride);
    }

    /** The mins' share of ⟨row, x⟩ with its sign dropped: Σ_j dmin·min_j·(x's sum over sub-block j), x's terms at {@code termsOffset}. */
    private float minimums(int row, float[] terms, int termsOffset) {
        FloatVector sum = FloatVector.zero(FLOATS);
        for (int k = 0, at = row * minStride; k < minStride; k += L) {
            sum = Lanes.x(subMins, at + k).fma(Lanes.x(terms, termsOffset + k), sum);
        }
        return Lanes.sum(sum);
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
            long packedScales = scales(first, last);
            long packedMins = mins(first, last);
            for (int sub = 0; sub < 8; sub++) {
                long bytes = block + QUANTS + 32L * (sub / 2);
                int shift = 4 * (sub & 1);
                int p = at + 32 * sub;
                IntVector pairs = Int8Lanes.pairSums(nibbleWeights(bytes, shift), quants, p);
                for (int j = Int8Lanes.STEP; j < 32; j += Int8Lanes.STEP) {
                    pairs = pairs.add(Int8Lanes.pairSums(nibbleWeights(bytes + j, shift), quants, p + j));
                }
                total = total.add(pairs.mul(sixBits(packedScales, sub)));
                minSum += sixBits(packedMins, sub) * subBlockQuantSum(sums, p);
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
        int subBlocks = cols / 32;
        for (int sub = 0; sub < subBlocks; sub++) {
            float scale = subScales[row * subBlocks + sub];
            float min = subMins[row * minStride + sub];
            int shift = 4 * (sub & 1);
            int quants = row * (cols / 2) + 32 * (sub / 2);
            for (int j = 0; j < 32; j++) {
                int q = (packedQuants[quants + j] >>> shift) & 0x0F;
                // One rounding of the exact value: d·scale·q and dmin·min are exact products of fp16 and small ints.
                out[offset + 32 * sub + j] = Math.fma(q, scale, -min);
            }
        }
    }
}
