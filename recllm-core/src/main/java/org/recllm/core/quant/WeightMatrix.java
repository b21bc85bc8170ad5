package org.recllm.core.quant;

/**
 * A read-only [rows, cols] weight matrix in some storage type (float32 on the heap or memory-mapped, float16,
 * bfloat16, or a ggml block-quantised type), used as the right-hand operand of products without being expanded to
 * float32: the kernels dequantise block by block inside the dot products.
 */
public interface WeightMatrix {
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
}
