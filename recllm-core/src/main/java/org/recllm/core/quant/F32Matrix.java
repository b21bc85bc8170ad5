package org.recllm.core.quant;

import static org.recllm.core.quant.Lanes.FLOATS;
import static org.recllm.core.quant.Lanes.FLOAT_LE;
import static org.recllm.core.quant.Lanes.L;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import org.recllm.core.parallel.Parallel;

/** Float32 weights in a (memory-mapped or heap-backed) little-endian segment. */
public final class F32Matrix extends RowMatrix {
    private final MemorySegment data;
    private final int vectorEnd;
    /** The end of the whole pairs of L-weight steps. */
    private final int pairedEnd;

    public F32Matrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        requireBytes(data, (long) rows * cols * 4, GgmlType.F32);
        this.data = data;
        this.vectorEnd = FLOATS.loopBound(cols);
        this.pairedEnd = cols - cols % (2 * L);
    }

    /** Wraps a heap array without copying. */
    public static F32Matrix of(float[] values, int rows, int cols) {
        return new F32Matrix(MemorySegment.ofArray(values), rows, cols);
    }

    /** Writes {@code n} values as little-endian float32 at {@code dstOffset}. */
    public static void encode(float[] src, int srcOffset, int n, MemorySegment dst, long dstOffset) {
        MemorySegment.copy(src, srcOffset, dst, FLOAT_LE, dstOffset, n);
    }

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    private FloatVector weights(long base, int j) {
        return FloatVector.fromMemorySegment(FLOATS, data, base + 4L * j, ByteOrder.LITTLE_ENDIAN);
    }

    private float weight(long base, int j) {
        return data.get(FLOAT_LE, base + 4L * j);
    }

    /**
     * Two accumulators, the even and the odd steps of L weights: with one, each multiply-add waits for the one before
     * (4 cycles on Zen 3), which caps a row held in cache at L weights per 4 cycles. {@link #dotFour} sums in the
     * same order, so that a multi-position pass gives each position exactly the one-position value.
     */
    @Override
    protected float dot(int row, float[] x, int xOffset, float[] terms) {
        long base = (long) row * cols * 4;
        FloatVector even = FloatVector.zero(FLOATS), odd = even;
        int j = 0;
        for (; j < pairedEnd; j += 2 * L) {
            even = weights(base, j).fma(Lanes.x(x, xOffset + j), even);
            odd = weights(base, j + L).fma(Lanes.x(x, xOffset + j + L), odd);
        }
        if (j < vectorEnd) {
            even = weights(base, j).fma(Lanes.x(x, xOffset + j), even);
        }
        float sum = Lanes.sum(even.add(odd));
        for (j = vectorEnd; j < cols; j++) {
            sum += weight(base, j) * x[xOffset + j];
        }
        return sum;
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
        long base = (long) row * cols * 4;
        FloatVector even0 = FloatVector.zero(FLOATS), even1 = even0, even2 = even0, even3 = even0;
        FloatVector odd0 = even0, odd1 = even0, odd2 = even0, odd3 = even0;
        int j = 0;
        for (; j < pairedEnd; j += 2 * L) {
            FloatVector w = weights(base, j);
            even0 = w.fma(Lanes.x(x, x0 + j), even0);
            even1 = w.fma(Lanes.x(x, x1 + j), even1);
            even2 = w.fma(Lanes.x(x, x2 + j), even2);
            even3 = w.fma(Lanes.x(x, x3 + j), even3);
            w = weights(base, j + L);
            odd0 = w.fma(Lanes.x(x, x0 + j + L), odd0);
            odd1 = w.fma(Lanes.x(x, x1 + j + L), odd1);
            odd2 = w.fma(Lanes.x(x, x2 + j + L), odd2);
            odd3 = w.fma(Lanes.x(x, x3 + j + L), odd3);
        }
        if (j < vectorEnd) {
            FloatVector w = weights(base, j);
            even0 = w.fma(Lanes.x(x, x0 + j), even0);
            even1 = w.fma(Lanes.x(x, x1 + j), even1);
            even2 = w.fma(Lanes.x(x, x2 + j), even2);
            even3 = w.fma(Lanes.x(x, x3 + j), even3);
        }
        float s0 = Lanes.sum(even0.add(odd0)), s1 = Lanes.sum(even1.add(odd1));
        float s2 = Lanes.sum(even2.add(odd2)), s3 = Lanes.sum(even3.add(odd3));
        for (j = vectorEnd; j < cols; j++) {
            float w = weight(base, j);
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
    public void dequantizeRow(int row, float[] out, int offset) {
        MemorySegment.copy(data, FLOAT_LE, (long) row * cols * 4, out, offset, cols);
    }
}
