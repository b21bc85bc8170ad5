package org.recllm.core.ops;

import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Pooling of a padded sequence [B, T, D] over its valid positions ({@code mask[b * T + t]} is 1 or 0). */
public final class SequencePooling {
    private SequencePooling() {}

    public static Tensor sum(Tape tape, Tensor x, float[] mask) {
        return pool(tape, x, mask, false);
    }

    /** The mean over valid positions; a sequence without any is zero. */
    public static Tensor mean(Tape tape, Tensor x, float[] mask) {
        return pool(tape, x, mask, true);
    }

    private static Tensor pool(Tape tape, Tensor x, float[] mask, boolean mean) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("sequence pooling needs [B, T, D], got " + x);
        }
        int batch = x.dim(0);
        int steps = x.dim(1);
        int dim = x.dim(2);
        Tensor y = tape.zeroedResult(x.requiresGrad(), batch, dim);
        float[] weights = tape.workspace().take(batch * steps);
        float[] xd = x.data();
        float[] yd = y.data();
        for (int b = 0; b < batch; b++) {
            float count = 0;
            for (int t = 0; t < steps; t++) {
                count += mask[b * steps + t];
            }
            float scale = mean && count > 0 ? 1f / count : 1f;
            for (int t = 0; t < steps; t++) {
                float weight = mask[b * steps + t] * scale;
                weights[b * steps + t] = weight;
                if (weight != 0f) {
                    org.recllm.core.kernels.VectorMath.axpy(weight, xd, (b * steps + t) * dim, yd, b * dim, dim);
                }
            }
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                for (int b = 0; b < batch; b++) {
                    for (int t = 0; t < steps; t++) {
                        float weight = weights[b * steps + t];
                        if (weight != 0f) {
                            org.recllm.core.kernels.VectorMath.axpy(weight, y.grad(), b * dim, x.grad(), (b * steps + t) * dim, dim);
                        }
                    }
                }
            });
        }
        return y;
    }
}
