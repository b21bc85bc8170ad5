package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.L;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import org.recllm.core.parallel.Parallel;

/**
 * The kernels of ggml's basic block types (Q8_0, Q4_0): a row is whole blocks of 32 weights, each a float16 scale d
 * followed by the quants; weight = d·q. A subclass only says how it unpacks the quants.
 *
 * <p>The loops call the unpacking methods on {@code this}. Only these two classes share that call site, and C2 inlines
 * up to two; a third class there would turn the call into a real one, whose returned vector is boxed (tenfold slower).
 * The k-quants keep their own loops for that reason and because their decode is larger: with Q4_K and Q6_K inlined
 * into one shared dotFour, C2 ran past its node budget.
 */
abstract sealed class ScaledBlockMatrix extends RowMatrix permits Q8_0Matrix, Q4_0Matrix {
    static final int BLOCK = 32;
    /** Where a block's quants start, after its float16 scale. */
    static final int QUANTS = 2;

    protected final MemorySegment data;
    private final int blockBytes;
    private final int blocks;

    ScaledBlockMatrix(MemorySegment data, int rows, int cols, GgmlType type) {
        super(rows, cols);
        requireWholeBlocks(cols, type);
        requireBytes(data, type.bytesFor((long) rows * cols), type);
        this.data = data;
        this.blockBytes = type.blockBytes();
        this.blocks = cols / BLOCK;
    }

    /** Quants j … j + L of the block at {@code block} (j a multiple of L), centred, as float lanes. */
    protected abstract FloatVector quants(long block, int j);

    /**
     * {@link #quants}'s values for the four-input kernel, which may decode them with fewer nodes in C2's parse graph:
     * dotFour holds four inputs' accumulators, and past C2's node budget its lane sums stay out of line, boxed.
     */
    protected FloatVector quantsForFour(long block, int j) {
        return quants(block, j);
    }

    /** Quants j … j + {@link Int8Lanes#STEP} − 1 of the block at {@code block}, centred, as 16-bit lanes. */
    protected abstract ShortVector int8Weights(long block, int j);

    /** Quant j of the block at {@code block}, centred (the weight divided by the block's scale). */
    protected abstract int quant(long block, int j);

    private long rowStart(int row) {
        return (long) row * blocks * blockBytes;
    }

    @Override
    protected final float dot(int row, float[] x, int xOffset, float[] terms) {
        long block = rowStart(row);
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0, xb = xOffset; b < blocks; b++, block += blockBytes, xb += BLOCK) {
            FloatVector sum = quants(block, 0).mul(Lanes.x(x, xb));
            for (int j = L; j < BLOCK; j += L) {
                sum = quants(block, j).fma(Lanes.x(x, xb + j), sum);
            }
            acc = sum.fma(FloatVector.broadcast(FLOATS, Lanes.fp16(data, block)), acc);
        }
        return Lanes.sum(acc);
    }

    @Override
    protected final Parallel.RangeBody rowDots(float[] x, int xOffset, float[] terms, float[] out, int outOffset) {
        return (from, to) -> {
            for (int r = from; r < to; r++) {
                out[outOffset + r] = dot(r, x, xOffset, terms);
            }
        };
    }

    @Override
    protected final void dotFour(int row, float[] x, int first, int count, float[] terms, float[] out) {
        int i0 = input(first, 0, count), i1 = input(first, 1, count), i2 = input(first, 2, count), i3 = input(first, 3, count);
        int x0 = i0 * cols, x1 = i1 * cols, x2 = i2 * cols, x3 = i3 * cols;
        long block = rowStart(row);
        FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int b = 0, xb = 0; b < blocks; b++, block += blockBytes, xb += BLOCK) {
            FloatVector q = quantsForFour(block, 0);
            FloatVector sum0 = q.mul(Lanes.x(x, x0 + xb)), sum1 = q.mul(Lanes.x(x, x1 + xb));
            FloatVector sum2 = q.mul(Lanes.x(x, x2 + xb)), sum3 = q.mul(Lanes.x(x, x3 + xb));
            for (int j = L; j < BLOCK; j += L) {
                q = quantsForFour(block, j);
                int p = xb + j;
                sum0 = q.fma(Lanes.x(x, x0 + p), sum0);
                sum1 = q.fma(Lanes.x(x, x1 + p), sum1);
                sum2 = q.fma(Lanes.x(x, x2 + p), sum2);
                sum3 = q.fma(Lanes.x(x, x3 + p), sum3);
            }
            FloatVector d = FloatVector.broadcast(FLOATS, Lanes.fp16(data, block));
            acc0 = sum0.fma(d, acc0);
            acc1 = sum1.fma(d, acc1);
            acc2 = sum2.fma(d, acc2);
            acc3 = sum3.fma(d, acc3);
        }
        out[i0 * rows + row] = Lanes.sum(acc0);
        out[i1 * rows + row] = Lanes.sum(acc1);
        out[i2 * rows + row] = Lanes.sum(acc2);
        out[i3 * rows + row] = Lanes.sum(acc3);
    }

    @Override
    protected final GgmlType activationType() {
        return GgmlType.Q8_0;
    }

    @Override
    protected final void dotRows(int from, int to, ActivationBlocks x, int count, float[] out) {
        for (int r = from; r < to; r++) {
            for (int i = 0; i < count; i++) {
                out[i * rows + r] = dot(r, x, i);
            }
        }
    }

    /** Σ over blocks of d_w · d_x · (integer dot of the block's quants), as llama.cpp's vec_dot_q8_0_q8_0. */
    private float dot(int row, ActivationBlocks x, int input) {
        short[] quants = x.quants();
        float[] scales = x.scales();
        long block = rowStart(row);
        FloatVector acc = Int8Lanes.zero();
        for (int b = 0, at = input * cols, s = input * blocks; b < blocks; b++, block += blockBytes, at += BLOCK, s++) {
            IntVector sums = Int8Lanes.pairSums(int8Weights(block, 0), quants, at);
            for (int j = Int8Lanes.STEP; j < BLOCK; j += Int8Lanes.STEP) {
                sums = sums.add(Int8Lanes.pairSums(int8Weights(block, j), quants, at + j));
            }
            acc = Int8Lanes.scaled(Int8Lanes.folded(sums), Lanes.fp16(data, block) * scales[s], acc);
        }
        return Int8Lanes.sum(acc);
    }

    @Override
    public final void dequantizeRow(int row, float[] out, int offset) {
        long block = rowStart(row);
        for (int b = 0; b < blocks; b++, block += blockBytes) {
            float d = Lanes.fp16(data, block);
            for (int j = 0; j < BLOCK; j++) {
                out[offset + b * BLOCK + j] = d * quant(block, j);
            }
        }
    }
}
