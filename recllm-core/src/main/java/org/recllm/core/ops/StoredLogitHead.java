package org.recllm.core.ops;

import org.recllm.core.quant.WeightMatrix;

/**
 * {@link LogitHead} over a frozen matrix in its stored type: logits by the inference engine's product, dx with W
 * dequantised {@link WeightMatrix#INPUT_GRADIENT_ROWS} rows at a time into a buffer the head keeps.
 */
final class StoredLogitHead implements LogitHead {
    private final WeightMatrix weights;
    private final int blockRows;
    /** Dequantised rows of W for dx; allocated on the first backward pass. */
    private float[] scratch;

    StoredLogitHead(WeightMatrix weights) {
        this.weights = weights;
        this.blockRows = Math.min(WeightMatrix.INPUT_GRADIENT_ROWS, weights.rows());
    }

    @Override
    public int classes() {
        return weights.rows();
    }

    @Override
    public int width() {
        return weights.cols();
    }

    @Override
    public boolean trainable() {
        return false;
    }

    @Override
    public void logits(float[] x, int count, float[] out) {
        weights.matMul(x, count, 0, out);
    }

    @Override
    public void addInputGradient(float[] dLogits, int count, float[] dx) {
        if (scratch == null) {
            scratch = new float[blockRows * width()];
        }
        weights.addInputGradient(dLogits, count, dx, scratch, blockRows);
    }

    @Override
    public void addWeightGradient(float[] dLogits, float[] x, int count) {}
}
