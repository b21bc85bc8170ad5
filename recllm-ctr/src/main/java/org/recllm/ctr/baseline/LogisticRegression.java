package org.recllm.ctr.baseline;

/**
 * Logistic regression over one-hot features trained with per-coordinate AdaGrad and L2 regularisation, on plain
 * arrays. The foundation's baseline until the tensor core's model zoo replaces it.
 */
final class LogisticRegression {
    private final float[] weights;
    private final float[] squaredGradients;
    private final float learningRate;
    private final float l2;
    private float bias;
    private float biasSquaredGradient;

    LogisticRegression(int dimension, float learningRate, float l2) {
        this.weights = new float[dimension];
        this.squaredGradients = new float[dimension];
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    float logit(int[] indices, int offset, int slots) {
        float sum = bias;
        for (int s = 0; s < slots; s++) {
            int index = indices[offset + s];
            if (index >= 0) {
                sum += weights[index];
            }
        }
        return sum;
    }

    /** One AdaGrad step on a single example; returns the example's probability before the step. */
    float step(int[] indices, int offset, int slots, float label) {
        float p = sigmoid(logit(indices, offset, slots));
        float gradient = p - label;
        biasSquaredGradient += gradient * gradient;
        bias -= learningRate * gradient / (float) Math.sqrt(biasSquaredGradient + 1e-8f);
        for (int s = 0; s < slots; s++) {
            int index = indices[offset + s];
            if (index >= 0) {
                float g = gradient + l2 * weights[index];
                squaredGradients[index] += g * g;
                weights[index] -= learningRate * g / (float) Math.sqrt(squaredGradients[index] + 1e-8f);
            }
        }
        return p;
    }

    void predict(SparseRows rows, float[] probabilities) {
        for (int row = 0; row < rows.rows; row++) {
            probabilities[row] = sigmoid(logit(rows.indices, row * rows.slots, rows.slots));
        }
    }

    LogisticRegression copy() {
        LogisticRegression copy = new LogisticRegression(weights.length, learningRate, l2);
        System.arraycopy(weights, 0, copy.weights, 0, weights.length);
        System.arraycopy(squaredGradients, 0, copy.squaredGradients, 0, weights.length);
        copy.bias = bias;
        copy.biasSquaredGradient = biasSquaredGradient;
        return copy;
    }

    static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
