package org.recllm.core.ops;

import org.recllm.core.kernels.VectorMath;
import org.recllm.core.parallel.Parallel;
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

    /**
     * Refuses fewer targets or mask values than {@code rows}' rows, and a target outside [0, classes), naming the
     * row: the checks of the cross-entropy losses, whose rows are logits or the hidden states that make them.
     */
    static void checkTargets(Tensor rows, int classes, int[] targets, float[] mask) {
        int n = rows.rows();
        if (targets.length < n || (mask != null && mask.length < n)) {
            throw new IllegalArgumentException("fewer targets or mask values than the " + n + " rows of " + rows);
        }
        for (int r = 0; r < n; r++) {
            if (targets[r] < 0 || targets[r] >= classes) {
                throw new IllegalArgumentException("target " + targets[r] + " at row " + r + " is outside the " + classes + " classes");
            }
        }
    }

    /**
     * Cross-entropy of softmax(logits) for logits [T, V] against target ids [T] (next-token prediction when the
     * targets are the inputs shifted by one), as the weighted mean Σ m_t·ce_t / Σ m_t: a 0/1 {@code mask} trains on
     * the answer only ({@code mask} null means all ones). Computed through each row's log-sum-exp, so large logits stay
     * finite. Zero total weight gives a zero loss.
     */
    public static Tensor crossEntropy(Tape tape, Tensor logits, int[] targets, float[] mask) {
        int rows = logits.rows();
        int cols = logits.cols();
        checkTargets(logits, cols, targets, mask);
        float[] x = logits.data();
        float[] logSums = tape.workspace().take(rows);
        int grain = Math.max(1, 16384 / Math.max(1, cols));
        Parallel.forRange(rows, grain, (from, to) -> {
            for (int r = from; r < to; r++) {
                logSums[r] = Softmax.logSumExp(x, r * cols, cols);
            }
        });
        double sum = 0;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            float w = mask == null ? 1f : mask[r];
            if (w != 0f) {
                sum += w * ((double) logSums[r] - x[r * cols + targets[r]]);
                total += w;
            }
        }
        float normaliser = total > 0 ? (float) (1 / total) : 0f;
        Tensor loss = tape.result(logits.requiresGrad(), 1);
        loss.data()[0] = (float) (sum * normaliser);
        if (loss.requiresGrad()) {
            tape.record(() -> {
                float g = loss.grad()[0] * normaliser;
                float[] gx = logits.grad();
                Parallel.forRange(rows, grain, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        float w = g * (mask == null ? 1f : mask[r]);
                        if (w == 0f) {
                            continue;
                        }
                        int off = r * cols;
                        VectorMath.addExponentials(w, x, off, logSums[r], gx, off, cols);
                        gx[off + targets[r]] -= w;
                    }
                });
            });
        }
        return loss;
    }
}
