package org.recllm.core.quant;

/**
 * The input rows of the products that share them (a layer's query, key and value projections; its gate and up
 * projections), with their 8-bit quantisations ({@link ActivationBlocks}) made on first use and reused by every
 * matrix of the same kind, as llama.cpp quantises a product's input. Set the rows, then pass this to
 * {@link WeightMatrix#matMul(Activations, int, int, float[])}. Not thread-safe: quantisation happens in the calling
 * thread, before a product's parallel loops read it.
 */
public final class Activations {
    private final ActivationPrecision precision;
    private final ActivationBlocks q8_0 = new ActivationBlocks(GgmlType.Q8_0);
    private final ActivationBlocks q8K = new ActivationBlocks(GgmlType.Q8_K);
    private float[] rows;
    private int count;
    private int cols;

    public Activations(ActivationPrecision precision) {
        this.precision = precision;
    }

    public ActivationPrecision precision() {
        return precision;
    }

    /** Rows {@code x[i·cols, (i+1)·cols)} for i below {@code count}; earlier quantisations no longer apply. */
    public Activations set(float[] x, int count, int cols) {
        if ((long) count * cols > x.length) {
            throw new IllegalArgumentException(count + " rows of " + cols + " need " + (long) count * cols + " values, got " + x.length);
        }
        this.rows = x;
        this.count = count;
        this.cols = cols;
        q8_0.invalidate();
        q8K.invalidate();
        return this;
    }

    public float[] rows() {
        return rows;
    }

    public int count() {
        return count;
    }

    public int cols() {
        return cols;
    }

    /** The rows as {@code type} blocks (Q8_0 or Q8_K), quantised now unless they already are. */
    public ActivationBlocks blocks(GgmlType type) {
        ActivationBlocks blocks = type == GgmlType.Q8_0 ? q8_0 : q8K;
        if (blocks.stale()) {
            blocks.quantize(rows, count, cols);
        }
        return blocks;
    }
}
