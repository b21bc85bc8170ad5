package org.recllm.ctr.layers;

import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * The factorization machine's second-order term for field embeddings e [B, F, D]:
 * ½ Σ_d [(Σ_f e_fd)² − Σ_f e_fd²] = Σ_{i<j} ⟨e_i, e_j⟩, in O(F·D) per row. Result [B, 1].
 */
public final class FmInteraction {
    private FmInteraction() {}

    public static Tensor apply(Tape tape, Tensor e) {
        int batch = e.dim(0);
        int fields = e.dim(1);
        int dim = e.dim(2);
        Tensor y = tape.result(e.requiresGrad(), batch, 1);
        float[] sums = tape.workspace().take(batch * dim);
        float[] x = e.data();
        for (int b = 0; b < batch; b++) {
            double squaresOfSum = 0;
            double sumOfSquares = 0;
            for (int d = 0; d < dim; d++) {
                float sum = 0;
                for (int f = 0; f < fields; f++) {
                    float v = x[(b * fields + f) * dim + d];
                    sum += v;
                    sumOfSquares += v * v;
                }
                sums[b * dim + d] = sum;
                squaresOfSum += sum * sum;
            }
            y.data()[b] = (float) (0.5 * (squaresOfSum - sumOfSquares));
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                float[] gx = e.grad();
                for (int b = 0; b < batch; b++) {
                    float g = y.grad()[b];
                    for (int f = 0; f < fields; f++) {
                        int off = (b * fields + f) * dim;
                        for (int d = 0; d < dim; d++) {
                            gx[off + d] += g * (sums[b * dim + d] - x[off + d]);
                        }
                    }
                }
            });
        }
        return y;
    }
}
