package org.recllm.core.linalg;

import java.util.Arrays;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.parallel.Parallel;

/**
 * A sparse matrix in compressed rows (CSR): the entries of row {@code r} are {@code [rowStart[r], rowStart[r + 1])},
 * each a column and a value, columns ascending within a row. Products with dense row-major matrices run one row range
 * per core; the transpose (for the backward pass of a product) is built once, on first use.
 */
public final class SparseMatrix {
    private final int rows;
    private final int cols;
    private final int[] rowStart;
    private final int[] columns;
    private final float[] values;
    private SparseMatrix transposed;

    public SparseMatrix(int rows, int cols, int[] rowStart, int[] columns, float[] values) {
        if (rows < 0 || cols < 0 || rowStart.length != rows + 1 || rowStart[0] != 0 || rowStart[rows] != columns.length
                || columns.length != values.length) {
            throw new IllegalArgumentException("compressed rows of " + rows + " × " + cols + " need " + (rows + 1)
                    + " row starts from 0 to the entry count and one value per column index");
        }
        for (int r = 0; r < rows; r++) {
            if (rowStart[r] > rowStart[r + 1]) {
                throw new IllegalArgumentException("row starts decrease at row " + r);
            }
            for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                if (columns[e] < 0 || columns[e] >= cols || (e > rowStart[r] && columns[e] <= columns[e - 1])) {
                    throw new IllegalArgumentException("row " + r + ": column " + columns[e] + " is outside 0.." + (cols - 1)
                            + " or not above the previous one");
                }
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.rowStart = rowStart;
        this.columns = columns;
        this.values = values;
    }

    /**
     * The matrix with {@code values[e]} at ({@code rowOf[e]}, {@code colOf[e]}); entries at the same place are summed.
     * Entries are bucketed by row, then each row sorted by column as primitive keys: no boxing, so tens of millions
     * of entries build in seconds.
     */
    public static SparseMatrix fromEntries(int rows, int cols, int[] rowOf, int[] colOf, float[] values) {
        int n = rowOf.length;
        if (colOf.length != n || values.length != n) {
            throw new IllegalArgumentException(n + " rows, " + colOf.length + " columns and " + values.length
                    + " values do not describe the same entries");
        }
        int[] start = new int[rows + 1];
        for (int e = 0; e < n; e++) {
            if (rowOf[e] < 0 || rowOf[e] >= rows || colOf[e] < 0 || colOf[e] >= cols) {
                throw new IllegalArgumentException("entry " + e + " at (" + rowOf[e] + ", " + colOf[e] + ") is outside "
                        + rows + " × " + cols);
            }
            start[rowOf[e] + 1]++;
        }
        for (int r = 0; r < rows; r++) {
            start[r + 1] += start[r];
        }
        int[] next = Arrays.copyOf(start, rows);
        long[] keys = new long[n];
        for (int e = 0; e < n; e++) {
            keys[next[rowOf[e]]++] = (long) colOf[e] << 32 | e;
        }
        int[] rowStart = new int[rows + 1];
        int[] columns = new int[n];
        float[] merged = new float[n];
        int count = 0;
        for (int r = 0; r < rows; r++) {
            Arrays.sort(keys, start[r], start[r + 1]);
            int rowFirst = count;
            for (int k = start[r]; k < start[r + 1]; k++) {
                int column = (int) (keys[k] >>> 32);
                float value = values[(int) keys[k]];
                if (count > rowFirst && columns[count - 1] == column) {
                    merged[count - 1] += value;
                } else {
                    columns[count] = column;
                    merged[count++] = value;
                }
            }
            rowStart[r + 1] = count;
        }
        return new SparseMatrix(rows, cols, rowStart, Arrays.copyOf(columns, count), Arrays.copyOf(merged, count));
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Stored entries. */
    public int entries() {
        return columns.length;
    }

    /** The entries of row {@code r} summed: its degree, for an adjacency matrix of 1s. */
    public float rowSum(int r) {
        float sum = 0;
        for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
            sum += values[e];
        }
        return sum;
    }

    /** The same pattern with each entry {@code (r, c)} scaled by {@code rowScale[r] * colScale[c]}. */
    public SparseMatrix scaled(float[] rowScale, float[] colScale) {
        float[] scaled = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                scaled[e] = values[e] * rowScale[r] * colScale[columns[e]];
            }
        }
        return new SparseMatrix(rows, cols, rowStart, columns, scaled);
    }

    /** The transpose, built on first use and kept. */
    public synchronized SparseMatrix transpose() {
        if (transposed == null) {
            int[] start = new int[cols + 1];
            for (int column : columns) {
                start[column + 1]++;
            }
            for (int c = 0; c < cols; c++) {
                start[c + 1] += start[c];
            }
            int[] next = Arrays.copyOf(start, cols);
            int[] rowsOut = new int[columns.length];
            float[] valuesOut = new float[columns.length];
            for (int r = 0; r < rows; r++) {
                for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                    int at = next[columns[e]]++;
                    rowsOut[at] = r;
                    valuesOut[at] = values[e];
                }
            }
            transposed = new SparseMatrix(cols, rows, start, rowsOut, valuesOut);
            transposed.transposed = this;
        }
        return transposed;
    }

    /**
     * {@code out[r, :] += this[r, :] · x} for x of {@code cols} rows × {@code dim} (row-major): rows are independent,
     * so the product runs one row range per core with no reduction.
     */
    public void multiplyAdd(float[] x, int dim, float[] out) {
        if (x.length < (long) cols * dim || out.length < (long) rows * dim) {
            throw new IllegalArgumentException("a product of " + rows + " × " + cols + " with " + dim + " columns needs "
                    + cols * dim + " inputs and " + rows * dim + " outputs");
        }
        int grain = Math.max(1, 4096 / Math.max(1, dim));
        Parallel.forRange(rows, grain, (from, to) -> {
            for (int r = from; r < to; r++) {
                for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                    VectorMath.axpy(values[e], x, columns[e] * dim, out, r * dim, dim);
                }
            }
        });
    }
}
