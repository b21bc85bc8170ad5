package org.recllm.core.ops;

import org.recllm.core.quant.WeightMatrix;
import org.recllm.core.tensor.Tensor;

/**
 * A language model's output layer, logits = x [count, width] · Wᵀ with W [classes, width], as
 * {@link ProjectedCrossEntropy} uses it: products over a few rows at a time and their gradients, so that the logits
 * of a whole sequence need not exist at once. W is a tensor ({@link #of(Tensor)}, trained when it has a gradient) or a
 * frozen matrix in its stored type ({@link #of(WeightMatrix)}).
 */
public interface LogitHead {
    int classes();

    int width();

    /** Whether W takes a gradient ({@link #addWeightGradient} does something). */
    boolean trainable();

    /** out[count, classes] = x[count, width] · Wᵀ. */
    void logits(float[] x, int count, float[] out);

    /** dx[count, width] += dLogits[count, classes] · W. */
    void addInputGradient(float[] dLogits, int count, float[] dx);

    /** W's gradient += dLogitsᵀ · x over {@code count} rows; nothing when W is frozen. */
    void addWeightGradient(float[] dLogits, float[] x, int count);

    /** The head of a [classes, width] tensor (a model's output matrix, or its token embedding when tied). */
    static LogitHead of(Tensor weights) {
        return new TensorLogitHead(weights);
    }

    /** The head of a frozen stored matrix, multiplied as stored and dequantised a block of rows at a time for dx. */
    static LogitHead of(WeightMatrix weights) {
        return new StoredLogitHead(weights);
    }
}
