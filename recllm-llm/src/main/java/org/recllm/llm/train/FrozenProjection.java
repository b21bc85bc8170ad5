package org.recllm.llm.train;

import org.recllm.core.quant.WeightMatrix;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * {@code x · Wᵀ} for a frozen matrix W [out, in] kept in its stored type (float32, float16, bfloat16 or a ggml
 * quantised type, usually memory-mapped from the model file): the forward pass is the inference engine's product over
 * all positions, and the gradient flows to x only, dX = dY · W, with W dequantised a block of rows at a time into one
 * buffer from the tape's workspace. A LoRA run then holds no float32 copy of the base's projections.
 */
final class FrozenProjection {
    private FrozenProjection() {}

    /** {@code x [T, in] · Wᵀ} → [T, out]. */
    static Tensor apply(Tape tape, Tensor x, WeightMatrix w) {
        if (x.rank() != 2 || x.cols() != w.cols()) {
            throw new IllegalArgumentException("a frozen projection of " + w.cols() + " inputs cannot take " + x);
        }
        int count = x.rows();
        int in = w.cols();
        int out = w.rows();
        Tensor y = tape.result(x.requiresGrad(), count, out);
        w.matMul(x.data(), count, 0, y.data());
        if (y.requiresGrad()) {
            int blockRows = Math.min(WeightMatrix.INPUT_GRADIENT_ROWS, out);
            float[] block = tape.workspace().take(blockRows * in);
            tape.record(() -> w.addInputGradient(y.grad(), count, x.grad(), block, blockRows));
        }
        return y;
    }
}
