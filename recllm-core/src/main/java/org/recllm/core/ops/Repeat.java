package org.recllm.core.ops;

import org.recllm.core.kernels.VectorMath;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Repeats each row of x [B, D] {@code times} times into [B, times, D] (e.g. a query against every history step). */
public final class Repeat {
    private Repeat() {}

    public static Tensor rows(Tape tape, Tensor x, int times) {
        int batch = x.rows();
        int dim = x.cols();
        Tensor y = tape.result(x.requiresGrad(), batch, times, dim);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < times; t++) {
                System.arraycopy(x.data(), b * dim, y.data(), (b * times + t) * dim, dim);
            }
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                for (int b = 0; b < batch; b++) {
                    for (int t = 0; t < times; t++) {
                        VectorMath.add(y.grad(), (b * times + t) * dim, x.grad(), b * dim, dim);
                    }
                }
            });
        }
        return y;
    }
}
