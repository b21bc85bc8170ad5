package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.L;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import org.recllm.core.parallel.Parallel;

/**
 * The kernels of the 16-bit float types (float16, bfloat16): a row is {@code cols} consecutive 2-byte values, read L
 * at a time and the rest one by one. A subclass only says how its values widen to float32.
 *
 * <p>The loops call the widening methods on {@code this}, so C2 inlines them only while that call site sees at most
 * two classes; with a third it calls them, and a vector returned from a call is boxed (tenfold slower). That is why
 * float32, though its loops have the same shape, keeps its own.
 */
abstract sealed class HalfPrecisionMatrix extends RowMatrix permits F16Matrix, BF16Matrix {
    protected final MemorySegment data;
    private final int vectorEnd;

    HalfPrecisionMatrix(MemorySegment data, int rows, int cols, GgmlType type) {
        super(rows, cols);
        requireBytes(data, type.bytesFor((long) rows * cols), type);
        this.data = data;
        this.vectorEnd = FLOATS.loopBound(cols);
    }

    /** The L stored values at byte {@code offset}, as float32. */
    protected abstract FloatVector weights(long offset);

    /** The stored value at byte {@code offset}, as float32. */
    protected abstract float weight(long offset);

    private long rowStart(int row) {
        return (long) row * cols * 2;
    }

    @Override
    protected final float dot(int row, float[] x, int xOffset, float[] terms) {
        long base = rowStart(row);
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int j = 0; j < vectorEnd; j += L) {
            acc = weights(base + 2L * j).fma(Lanes.x(x, xOffset + j), acc);
        }
        float sum = Lanes.sum(acc);
        for (int j = vectorEnd; j < cols; j++) {
            sum += weight(base + 2L * j) * x[xOffset + j];
        }
        return sum;
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
        long base = rowStart(row);
        FloatVector acc0 = FloatVector.zero(FLOATS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int j = 0; j < vectorEnd; j += L) {
            FloatVector w = weights(base + 2L * j);
            acc0 = w.fma(Lanes.x(x, x0 + j), acc0);
            acc1 = w.fma(Lanes.x(x, x1 + j), acc1);
            acc2 = w.fma(Lanes.x(x, x2 + j), acc2);
            acc3 = w.fma(Lanes.x(x, x3 + j), acc3);
        }
        float s0 = Lanes.sum(acc0), s1 = Lanes.sum(acc1), s2 = Lanes.sum(acc2), s3 = Lanes.sum(acc3);
        for (int j = vectorEnd; j < cols; j++) {
            float w = weight(base + 2L * j);
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
    public final void dequantizeRow(int row, float[] out, int offset) {
        long base = rowStart(row);
        for (int j = 0; j < cols; j++) {
            out[offset + j] = weight(base + 2L * j);
        }
    }
}
