package org.recllm.core.ops;

import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Training losses. */
public final class Losses {
    private Losses() {}

    /**
     * Mean binary cross-entropy of {@code sigmoid(logits)} against 0/1 {@code labels}, computed from the logits in the
     * stable form max(x, 0) − x·y + log(1 + e^−|x|).
     */
    public static Tensor bceWithLogits(Tape tape, Tensor logits, float[] labels) {
        int n = logits.size();
        if (labels.length < n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " logits");
        }
        Tensor loss = tape.result(logits.requiresGrad(), 1);
        float[] x = logits.data();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float v = x[i];
            sum += Math.max(v, 0) - v * labels[i] + Math.log1p(Math.exp(-Math.abs(v)));
        }
        loss.data()[0] = (float) (sum / n);
        if (loss.requiresGrad()) {
            tape.record(() -> {
                float g = loss.grad()[0] / n;
                float[] gx = logits.grad();
                for (int i = 0; i < n; i++) {
                    gx[i] += g * (Activations.sigmoid(x[i]) - labels[i]);
                }
            });
        }
        return loss;
    }
}
