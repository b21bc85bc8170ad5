package org.recllm.core.quant;

import java.lang.foreign.MemorySegment;
import org.recllm.core.parallel.Parallel;

/**
 * The parts of a {@link WeightMatrix} every storage type shares: the shape and the parallel loops. A subclass
 * supplies the dot product of one stored row with a float32 vector; {@link #dotRows} may be overridden to read a row
 * once for several vectors.
 */
public abstract class RowMatrix implements WeightMatrix {
    protected final int rows;
    protected final int cols;

    protected RowMatrix(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a weight matrix needs a positive shape, got " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int cols() {
        return cols;
    }

    /** ⟨row, x[xOffset, xOffset + cols)⟩. */
    protected abstract float dot(int row, float[] x, int xOffset);

    /** out[i·rows + row] = ⟨row, x_i⟩ for the {@code count} inputs. */
    protected void dotRows(int row, float[] x, int count, float[] out) {
        for (int i = 0; i < count; i++) {
            out[i * rows + row] = dot(row, x, i * cols);
        }
    }

    @Override
    public void matVec(float[] x, int xOffset, float[] out, int outOffset) {
        Parallel.forRange(rows, Math.max(1, 32768 / cols), (from, to) -> {
            for (int r = from; r < to; r++) {
                out[outOffset + r] = dot(r, x, xOffset);
            }
        });
    }

    @Override
    public void matMul(float[] x, int count, float[] out) {
        if (count == 1) {
            matVec(x, 0, out, 0);
            return;
        }
        Parallel.forRange(rows, Math.max(1, 32768 / cols / count), (from, to) -> {
            for (int r = from; r < to; r++) {
                dotRows(r, x, count, out);
            }
        });
    }

    protected static void requireBytes(MemorySegment data, long bytes, GgmlType type) {
        if (data.byteSize() < bytes) {
            throw new IllegalArgumentException(type + " matrix needs " + bytes + " bytes, the segment has " + data.byteSize());
        }
    }
}
