package org.recllm.core.ops;

import java.util.SplittableRandom;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Inverted dropout: in training each element is zeroed with probability p and the rest scaled by 1/(1-p). */
public final class Dropout {
    private Dropout() {}

    public static Tensor apply(Tape tape, Tensor x, float p) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + p);
        }
        if (!tape.training() || p == 0) {
            return x;
        }
        Tensor y = tape.result(x.requiresGrad(), x.shape());
        float[] keep = tape.workspace().take(x.size());
        float scale = 1 / (1 - p);
        SplittableRandom random = tape.random();
        float[] xd = x.data();
        float[] yd = y.data();
        for (int i = 0; i < x.size(); i++) {
            keep[i] = random.nextFloat() >= p ? scale : 0f;
            yd[i] = xd[i] * keep[i];
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                float[] gx = x.grad();
                float[] gy = y.grad();
                for (int i = 0; i < x.size(); i++) {
                    gx[i] += gy[i] * keep[i];
                }
            });
        }
        return y;
    }
}
