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
        return bceWithLogits(tape, logits, labels, null);
    }

    /**
     * The weighted mean Σ w_i·bce_i / Σ w_i (weights 0 leave positions out, e.g. padding); {@code weights} null means
     * all ones. Zero total weight gives a zero loss.
     */
    public static Tensor bceWithLogits(Tape tape, Tensor logits, float[] labels, float[] weights) {
        int n = logits.size();
        if (labels.length < n || (weights != null && weights.length < n)) {
            throw new IllegalArgumentException("fewer labels or weights than the " + n + " logits");
        }
        Tensor loss = tape.result(logits.requiresGrad(), 1);
        float[] x = logits.data();
        double sum = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            float w = weights == null ? 1f : weights[i];
            if (w != 0f) {
                float v = x[i];
                sum += w * (Math.max(v, 0) - v * labels[i] + Math.log1p(Math.exp(-Math.abs(v))));
                total += w;
            }
        }
        float normaliser = total > 0 ? (float) (1 / total) : 0f;
        loss.data()[0] = (float) (sum * normaliser);
        if (loss.requiresGrad()) {
            tape.record(() -> {
                float g = loss.grad()[0] * normaliser;
                float[] gx = logits.grad();
                for (int i = 0; i < n; i++) {
                    float w = weights == null ? 1f : weights[i];
                    if (w != 0f) {
                        gx[i] += g * w * (Activations.sigmoid(x[i]) - labels[i]);
                    }
                }
            });
        }
        return loss;
    }
}
