package org.recllm.ctr.layers;

import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * Scores of all ordered field pairs from per-field terms: out[b, i, j] = s[b, i] + t[b, j] for s, t [B, F]
 * (the attention logit w·[h_i ‖ h_j] splits this way). With {@code excludeSelf} the diagonal is −∞ in effect
 * (a large negative), so a following softmax gives a node no edge to itself.
 */
public final class PairSum {
    static final float EXCLUDED = -1e30f;

    private PairSum() {}

    public static Tensor apply(Tape tape, Tensor s, Tensor t, boolean excludeSelf) {
        int batch = s.dim(0);
        int fields = s.dim(1);
        Tensor y = tape.result(Tape.anyRequiresGrad(s, t), batch, fields, fields);
        float[] sd = s.data();
        float[] td = t.data();
        float[] out = y.data();
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < fields; i++) {
                for (int j = 0; j < fields; j++) {
                    out[(b * fields + i) * fields + j] = excludeSelf && i == j ? EXCLUDED : sd[b * fields + i] + td[b * fields + j];
                }
            }
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                float[] g = y.grad();
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < fields; i++) {
                        for (int j = 0; j < fields; j++) {
                            if (excludeSelf && i == j) {
                                continue;
                            }
                            float v = g[(b * fields + i) * fields + j];
                            if (s.requiresGrad()) {
                                s.grad()[b * fields + i] += v;
                            }
                            if (t.requiresGrad()) {
                                t.grad()[b * fields + j] += v;
                            }
                        }
                    }
                }
            });
        }
        return y;
    }
}
