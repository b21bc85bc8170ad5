package org.recllm.core.ops;

import org.recllm.core.kernels.VectorMath;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Sums and means, over everything or along one axis. */
public final class Reductions {
    private Reductions() {}

    /** The sum of all elements, as a tensor of shape [1]. */
    public static Tensor sum(Tape tape, Tensor x) {
        return total(tape, x, 1f);
    }

    /** The mean of all elements, as a tensor of shape [1]. */
    public static Tensor mean(Tape tape, Tensor x) {
        return total(tape, x, 1f / x.size());
    }

    /** The sum along {@code axis}; that dimension is removed from the shape. */
    public static Tensor sum(Tape tape, Tensor x, int axis) {
        return alongAxis(tape, x, axis, false);
    }

    /** The mean along {@code axis}; that dimension is removed from the shape. */
    public static Tensor mean(Tape tape, Tensor x, int axis) {
        return alongAxis(tape, x, axis, true);
    }

    private static int outerSize(int[] shape, int axis) {
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        return outer;
    }

    private static Tensor total(Tape tape, Tensor x, float factor) {
        Tensor y = tape.result(x.requiresGrad(), 1);
        y.data()[0] = factor * VectorMath.sum(x.data(), 0, x.size());
        if (y.requiresGrad()) {
            tape.record(() -> {
                float g = factor * y.grad()[0];
                float[] gx = x.grad();
                for (int i = 0; i < x.size(); i++) {
                    gx[i] += g;
                }
            });
        }
        return y;
    }

    private static Tensor alongAxis(Tape tape, Tensor x, int axis, boolean mean) {
        int[] shape = x.shape();
        int a = axis < 0 ? shape.length + axis : axis;
        int outer = outerSize(shape, a);
        int n = shape[a];
        int inner = x.size() / Math.max(1, outer * n);
        int[] outShape = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != a) {
                outShape[j++] = shape[i];
            }
        }
        float factor = mean ? 1f / n : 1f;
        Tensor y = tape.zeroedResult(x.requiresGrad(), outShape);
        float[] xd = x.data();
        float[] yd = y.data();
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < n; k++) {
                if (inner == 1) {
                    yd[o] += xd[o * n + k];
                } else {
                    VectorMath.add(xd, (o * n + k) * inner, yd, o * inner, inner);
                }
            }
            if (mean) {
                VectorMath.scale(factor, yd, o * inner, inner);
            }
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                float[] gx = x.grad();
                float[] gy = y.grad();
                for (int o = 0; o < outer; o++) {
                    for (int k = 0; k < n; k++) {
                        VectorMath.axpy(factor, gy, o * inner, gx, (o * n + k) * inner, inner);
                    }
                }
            });
        }
        return y;
    }
}
