package org.recllm.core.ops;

import org.recllm.core.kernels.Sgemm;
import org.recllm.core.tensor.Tensor;

/** {@link LogitHead} over a [classes, width] tensor: the products of {@link MatMul#matmul} with B transposed. */
record TensorLogitHead(Tensor weights) implements LogitHead {
    TensorLogitHead {
        if (weights.rank() != 2) {
            throw new IllegalArgumentException("a logit head needs a [classes, width] matrix, got " + weights);
        }
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
        return weights.requiresGrad();
    }

    @Override
    public void logits(float[] x, int count, float[] out) {
        Sgemm.multiply(false, true, count, classes(), width(), x, 0, width(), weights.data(), 0, width(), out, 0, classes());
    }

    @Override
    public void addInputGradient(float[] dLogits, int count, float[] dx) {
        Sgemm.multiplyAdd(false, false, count, width(), classes(), dLogits, 0, classes(), weights.data(), 0, width(),
                dx, 0, width());
    }

    @Override
    public void addWeightGradient(float[] dLogits, float[] x, int count) {
        if (trainable()) {
            Sgemm.multiplyAdd(true, false, classes(), width(), count, dLogits, 0, classes(), x, 0, width(),
                    weights.grad(), 0, width());
        }
    }
}
