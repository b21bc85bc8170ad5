package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.L;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The kernels of ggml's k-quant types (Q4_K, Q6_K): a row is whole super-blocks of 256 weights in 8 sub-blocks of 32,
 * with scales per super-block and per sub-block stored inside it. A subclass only says how it decodes L weights of a
 * sub-block.
 *
 * <p>The loops call the decoding method on {@code this}; each family of storage types has its own base class, so that
 * call sees only the types of one family and C2 inlines it. The sub-block loop runs a constant 32/L times and is
 * unrolled, so scale lookups a subclass repeats for each of its L-wide steps are computed once.
 */
abstract sealed class SuperBlockMatrix extends RowMatrix permits Q4_KMatrix, Q6_KMatrix {
    static final int BLOCK = 256;
    static final int SUB_BLOCKS = 8;
    static final int SUB_BLOCK = BLOCK / SUB_BLOCKS;

    protected final MemorySegment data;
    private final int blockBytes;
    protected final int blocks;

    SuperBlockMatrix(MemorySegment data, int rows, int cols, GgmlType type) {
        super(rows, cols);
        requireWholeBlocks(cols, type);
        requireBytes(data, type.bytesFor((long) rows * cols), type);
        this.data = data;
        this.blockBytes = type.blockBytes();
        this.blocks = cols / BLOCK;
    }

    /** Weights j … j + L of sub-block {@code sub} of the super-block at {@code block} (j a multiple of L). */
    protected abstract FloatVector weights(long block, int sub, int j);

    protected final long rowStart(int row) {
        return (long) row * blocks * blockBytes;
    }

    @Override
    protected final float dot(int row, float[] x, int xOffset) {
        long block = rowStart(row);
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0, xb = xOffset; b < blocks; b++, block += blockBytes, xb += BLOCK) {
            for (int sub = 0; sub < SUB_BLOCKS; sub++) {
                for (int j = 0; j < SUB_BLOCK; j += L) {
                    acc = weights(block, sub, j).fma(Lanes.x(x, xb + SUB_BLOCK * sub + j), acc);
                }
            }
        }
        return Lanes.sum(acc);
    }

    @Override
    protected final void dotFour(int row, float[] x, int first, int count, float[] out) {
        int i0 = input(first, 0, count), i1 = input(first, 1, count), i2 = input(first, 2, count), i3 = input(first, 3, count);
        int x0 = i0 * cols, x1 = i1 * cols, x2 = i2 * cols, x3 = i3 * cols;
        long block = rowStart(row);
        FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int b = 0, xb = 0; b < blocks; b++, block += blockBytes, xb += BLOCK) {
            for (int sub = 0; sub < SUB_BLOCKS; sub++) {
                for (int j = 0; j < SUB_BLOCK; j += L) {
                    FloatVector w = weights(block, sub, j);
                    int p = xb + SUB_BLOCK * sub + j;
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
}
