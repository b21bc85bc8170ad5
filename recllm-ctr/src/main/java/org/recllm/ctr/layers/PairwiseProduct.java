package org.recllm.ctr.layers;

import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * Element-wise products of every field pair: for left, right [B, F, D] the result [B, F(F−1)/2, D] holds
 * left_i ⊙ right_j for i < j in row-major pair order (0,1), (0,2), …, (F−2,F−1). With left = right and a sum over
 * D this is PNN's inner product; with left = E·W it is FiBiNET's bilinear interaction.
 */
public final class PairwiseProduct {
    private PairwiseProduct() {}

    public static int pairs(int fields) {
        return fields * (fields - 1) / 2;
    }

    public static Tensor apply(Tape tape, Tensor left, Tensor right) {
        if (!left.sameShape(right) || left.rank() != 3) {
            throw new IllegalArgumentException("pairwise product needs two [B, F, D] tensors: " + left + ", " + right);
        }
        int batch = left.dim(0);
        int fields = left.dim(1);
        int dim = left.dim(2);
        int pairs = pairs(fields);
        Tensor y = tape.result(Tape.anyRequiresGrad(left, right), batch, pairs, dim);
        float[] l = left.data();
        float[] r = right.data();
        float[] out = y.data();
        for (int b = 0; b < batch; b++) {
            int p = 0;
            for (int i = 0; i < fields; i++) {
                for (int j = i + 1; j < fields; j++, p++) {
                    int li = (b * fields + i) * dim;
                    int rj = (b * fields + j) * dim;
                    int o = (b * pairs + p) * dim;
                    for (int d = 0; d < dim; d++) {
                        out[o + d] = l[li + d] * r[rj + d];
                    }
                }
            }
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                float[] g = y.grad();
                float[] gl = left.grad();
                float[] gr = right.grad();
                for (int b = 0; b < batch; b++) {
                    int p = 0;
                    for (int i = 0; i < fields; i++) {
                        for (int j = i + 1; j < fields; j++, p++) {
                            int li = (b * fields + i) * dim;
                            int rj = (b * fields + j) * dim;
                            int o = (b * pairs + p) * dim;
                            for (int d = 0; d < dim; d++) {
                                if (gl != null) {
                                    gl[li + d] += g[o + d] * r[rj + d];
                                }
                                if (gr != null) {
                                    gr[rj + d] += g[o + d] * l[li + d];
                                }
                            }
                        }
                    }
                }
            });
        }
        return y;
    }
}
