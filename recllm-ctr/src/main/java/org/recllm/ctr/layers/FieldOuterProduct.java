package org.recllm.ctr.layers;

import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * The CIN's feature-map interaction: for x [B, H, D] and x0 [B, M, D] the result [B, H·M, D] holds
 * x_h ⊙ x0_m at row h·M + m.
 */
public final class FieldOuterProduct {
    private FieldOuterProduct() {}

    public static Tensor apply(Tape tape, Tensor x, Tensor x0) {
        int batch = x.dim(0);
        int h = x.dim(1);
        int m = x0.dim(1);
        int dim = x.dim(2);
        if (x0.dim(0) != batch || x0.dim(2) != dim) {
            throw new IllegalArgumentException("field outer product of mismatched tensors " + x + ", " + x0);
        }
        Tensor y = tape.result(Tape.anyRequiresGrad(x, x0), batch, h * m, dim);
        float[] a = x.data();
        float[] c = x0.data();
        float[] out = y.data();
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < m; j++) {
                    int ai = (b * h + i) * dim;
                    int cj = (b * m + j) * dim;
                    int o = ((b * h + i) * m + j) * dim;
                    for (int d = 0; d < dim; d++) {
                        out[o + d] = a[ai + d] * c[cj + d];
                    }
                }
            }
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                float[] g = y.grad();
                float[] ga = x.grad();
                float[] gc = x0.grad();
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < m; j++) {
                            int ai = (b * h + i) * dim;
                            int cj = (b * m + j) * dim;
                            int o = ((b * h + i) * m + j) * dim;
                            for (int d = 0; d < dim; d++) {
                                if (ga != null) {
                                    ga[ai + d] += g[o + d] * c[cj + d];
                                }
                                if (gc != null) {
                                    gc[cj + d] += g[o + d] * a[ai + d];
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
