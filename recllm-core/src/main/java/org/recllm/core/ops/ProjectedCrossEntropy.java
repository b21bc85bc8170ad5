package org.recllm.core.ops;

import java.util.Arrays;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.tensor.Workspace;

/**
 * A language model's loss from its last hidden states: the mean masked next-token cross-entropy of the logits
 * x · Wᵀ ({@link LogitHead}), what {@link Losses#crossEntropy} of {@link MatMul#matmul} computes, without holding the
 * logits of every row. Only rows whose mask is not 0 get logits at all (a prompt–answer pair's prompt rows cost
 * nothing here), and they are computed {@code chunkRows} rows at a time into one buffer of chunkRows × classes
 * floats, which the backward pass turns into the logits' gradient in place. With one chunk (chunkRows at least the
 * unmasked rows) the backward pass reuses the forward pass's logits; with several it computes each chunk's again: a
 * third product with W for a buffer that no longer grows with the sequence (a 2,048-token window over a
 * 32,000-token vocabulary held 2 × 262 MB of logits and their gradient).
 */
public final class ProjectedCrossEntropy {
    private ProjectedCrossEntropy() {}

    /**
     * The loss of hidden states {@code x} [rows, width] predicting {@code targets}, each row weighted by {@code mask}
     * (null: all 1) and the sum divided by the weights' total (0 when every weight is 0).
     */
    public static Tensor apply(Tape tape, Tensor x, LogitHead head, int[] targets, float[] mask, int chunkRows) {
        if (x.rank() != 2 || x.cols() != head.width()) {
            throw new IllegalArgumentException("a head of width " + head.width() + " cannot take hidden states " + x);
        }
        if (chunkRows < 1) {
            throw new IllegalArgumentException("logits are computed at least one row at a time, got " + chunkRows);
        }
        int rows = x.rows();
        int width = head.width();
        int classes = head.classes();
        Losses.checkTargets(x, classes, targets, mask);
        Workspace workspace = tape.workspace();
        int[] active = workspace.takeInts(rows);
        int count = 0;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            float w = mask == null ? 1f : mask[r];
            if (w != 0f) {
                active[count++] = r;
                total += w;
            }
        }
        int chunk = Math.max(1, Math.min(chunkRows, count));
        float[] inputs = workspace.take(chunk * width);
        float[] logits = workspace.take(Math.multiplyExact(chunk, classes));
        float[] logSums = workspace.take(Math.max(1, count));
        int grain = Math.max(1, 16384 / classes);
        double sum = 0;
        for (int c0 = 0; c0 < count; c0 += chunk) {
            int m = Math.min(chunk, count - c0);
            chunkLogits(x.data(), head, active, c0, m, inputs, logits);
            int first = c0;
            Parallel.forRange(m, grain, (from, to) -> {
                for (int i = from; i < to; i++) {
                    logSums[first + i] = Softmax.logSumExp(logits, i * classes, classes);
                }
            });
            for (int i = 0; i < m; i++) {
                int r = active[c0 + i];
                float w = mask == null ? 1f : mask[r];
                sum += w * ((double) logSums[c0 + i] - logits[i * classes + targets[r]]);
            }
        }
        float normaliser = total > 0 ? (float) (1 / total) : 0f;
        Tensor loss = tape.result(x.requiresGrad() || head.trainable(), 1);
        loss.data()[0] = (float) (sum * normaliser);
        if (loss.requiresGrad() && count > 0) {
            int activeRows = count;
            boolean logitsKept = count <= chunk;
            float[] inputGradients = x.requiresGrad() ? workspace.take(chunk * width) : null;
            tape.record(() -> {
                float g = loss.grad()[0] * normaliser;
                for (int c0 = 0; c0 < activeRows; c0 += chunk) {
                    int m = Math.min(chunk, activeRows - c0);
                    if (!logitsKept) {
                        chunkLogits(x.data(), head, active, c0, m, inputs, logits);
                    }
                    int first = c0;
                    // In place: softmax · w − w at the target, the logits' gradient (what Losses.crossEntropy adds).
                    Parallel.forRange(m, grain, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            int r = active[first + i];
                            float w = g * (mask == null ? 1f : mask[r]);
                            int off = i * classes;
                            VectorMath.exponentiate(logits, off, classes, logSums[first + i], 1f);
                            VectorMath.scale(w, logits, off, classes);
                            logits[off + targets[r]] -= w;
                        }
                    });
                    if (inputGradients != null) {
                        Arrays.fill(inputGradients, 0, m * width, 0f);
                        head.addInputGradient(logits, m, inputGradients);
                        float[] gx = x.grad();
                        for (int i = 0; i < m; i++) {
                            VectorMath.add(inputGradients, i * width, gx, active[c0 + i] * width, width);
                        }
                    }
                    head.addWeightGradient(logits, inputs, m);
                }
            });
        }
        return loss;
    }

    /** The logits of active rows c0 … c0 + m − 1: their hidden states gathered into {@code inputs}, then the head. */
    private static void chunkLogits(float[] x, LogitHead head, int[] active, int c0, int m, float[] inputs, float[] logits) {
        int width = head.width();
        for (int i = 0; i < m; i++) {
            System.arraycopy(x, active[c0 + i] * width, inputs, i * width, width);
        }
        head.logits(inputs, m, logits);
    }
}
