package org.recllm.core.quant;

import org.recllm.core.kernels.Sgemm;

/**
 * A read-only [rows, cols] weight matrix in some storage type (float32 on the heap or memory-mapped, float16,
 * bfloat16, or a ggml block-quantised type), used as the right-hand operand of products without being expanded to
 * float32: the kernels dequantise block by block inside the dot products.
 */
public interface WeightMatrix {
    /** Rows of W dequantised at a time by {@link #addInputGradient}'s callers: a small buffer, GEMMs still large. */
    int INPUT_GRADIENT_ROWS = 64;

    int rows();

    int cols();

    GgmlType type();

    /** out[outOffset + r] = ⟨row r, x[xOffset, xOffset + cols)⟩ for every row, in parallel over rows. */
    void matVec(float[] x, int xOffset, float[] out, int outOffset);

    /**
     * For {@code count} input rows x[i·cols, (i+1)·cols): out[i·rows + r] = ⟨row r, x_i⟩. Each weight row is read once
     * for all inputs, which is what makes a forward pass over several positions cost little more than one.
     */
    default void matMul(float[] x, int count, float[] out) {
        matMul(x, count, 0, out);
    }

    /**
     * As {@link #matMul(float[], int, float[])}, with the first {@code exact} inputs computed exactly as
     * {@link #matVec} computes each — whatever else travels with them — so that a decoding step's results do not
     * depend on the batch around it; the others (long prompts) may take a faster path that rounds differently.
     */
    void matMul(float[] x, int count, int exact, float[] out);

    /**
     * As {@link #matMul(float[], int, int, float[])} over {@code x}'s rows, at {@code x}'s precision: with
     * {@link ActivationPrecision#INT8}, block-quantised types multiply the rows' 8-bit quantisation (llama.cpp's
     * numbers); types stored as floats, and {@link ActivationPrecision#FLOAT32}, multiply the float rows.
     */
    default void matMul(Activations x, int count, int exact, float[] out) {
        matMul(x.rows(), count, exact, out);
    }

    /** Row {@code row} as float32 into {@code out[offset, offset + cols)} (embedding lookups, tests). */
    void dequantizeRow(int row, float[] out, int offset);

    /**
     * dx[count, cols] += dy[count, rows] · W, the gradient of a product's input: W is dequantised {@code blockRows}
     * rows at a time into {@code scratch}, so no float32 copy of the whole matrix is made.
     */
    default void addInputGradient(float[] dy, int count, float[] dx, float[] scratch, int blockRows) {
        int rows = rows();
        int cols = cols();
        if (blockRows < 1 || scratch.length < (long) blockRows * cols) {
            throw new IllegalArgumentException("a scratch buffer of " + scratch.length + " floats cannot hold " + blockRows
                    + " rows of " + cols);
        }
        for (int r0 = 0; r0 < rows; r0 += blockRows) {
            int block = Math.min(blockRows, rows - r0);
            for (int r = 0; r < block; r++) {
                dequantizeRow(r0 + r, scratch, r * cols);
            }
            // dx[count, cols] += dy[count, r0:r0+block] · W[r0:r0+block, cols]
            Sgemm.multiplyAdd(false, false, count, cols, block, dy, r0, rows, scratch, 0, cols, dx, 0, cols);
        }
    }
}
