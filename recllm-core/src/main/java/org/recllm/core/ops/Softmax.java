package org.recllm.core.ops;

import org.recllm.core.kernels.VectorMath;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Softmax and log-softmax over the last dimension, optionally with masked-out positions. */
public final class Softmax {
    private Softmax() {}

    public static Tensor softmax(Tape tape, Tensor x) {
        return masked(tape, x, null, 1);
    }

    /**
     * Softmax over the last dimension where {@code mask[(row / rowsPerMask) * cols + j] == 0} excludes position j
     * (probability 0); {@code mask} may be null. A row with every position excluded becomes all zeros.
     */
    public static Tensor masked(Tape tape, Tensor x, float[] mask, int rowsPerMask) {
        int rows = x.rows();
        int cols = x.cols();
        Tensor y = tape.result(x.requiresGrad(), x.shape());
        float[] xd = x.data();
        float[] yd = y.data();
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(1, cols)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int off = r * cols;
                int maskOff = mask == null ? -1 : (r / rowsPerMask) * cols;
                if (maskOff < 0) {
                    System.arraycopy(xd, off, yd, off, cols);
                    VectorMath.softmax(yd, off, cols, 1f);
                    continue;
                }
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    if (mask[maskOff + j] != 0f) {
                        max = Math.max(max, xd[off + j]);
                    }
                }
                if (max == Float.NEGATIVE_INFINITY) {
                    java.util.Arrays.fill(yd, off, off + cols, 0f);
                    continue;
                }
                float sum = 0f;
                for (int j = 0; j < cols; j++) {
                    boolean hidden = mask[maskOff + j] == 0f;
                    float e = hidden ? 0f : VectorMath.exp(xd[off + j] - max);
                    yd[off + j] = e;
                    sum += e;
                }
                float inv = 1f / sum;
                for (int j = 0; j < cols; j++) {
                    yd[off + j] *= inv;
                }
            }
        });
        if (y.requiresGrad()) {
            tape.record(() -> {
                float[] gx = x.grad();
                float[] gy = y.grad();
                Parallel.forRange(rows, Math.max(1, 4096 / Math.max(1, cols)), (from, to) -> {
                    for (int r = from; r < to; r++) {
                        int off = r * cols;
                        float dot = 0f;
                        for (int j = 0; j < cols; j++) {
                            dot += gy[off + j] * yd[off + j];
                        }
                        for (int j = 0; j < cols; j++) {
                            gx[off + j] += yd[off + j] * (gy[off + j] - dot);
                        }
                    }
                });
            });
        }
        return y;
    }

    /** log(softmax(x)) over the last dimension, computed stably. */
    public static Tensor logSoftmax(Tape tape, Tensor x) {
        int rows = x.rows();
        int cols = x.cols();
        Tensor y = tape.result(x.requiresGrad(), x.shape());
        float[] xd = x.data();
        float[] yd = y.data();
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            float logSum = logSumExp(xd, off, cols);
            for (int j = 0; j < cols; j++) {
                yd[off + j] = xd[off + j] - logSum;
            }
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                float[] gx = x.grad();
                float[] gy = y.grad();
                for (int r = 0; r < rows; r++) {
                    int off = r * cols;
                    float total = 0f;
                    for (int j = 0; j < cols; j++) {
                        total += gy[off + j];
                    }
                    for (int j = 0; j < cols; j++) {
                        gx[off + j] += gy[off + j] - (float) Math.exp(yd[off + j]) * total;
                    }
                }
            });
        }
        return y;
    }

    /** log Σ e^x over x[offset, offset + n), shifted by the maximum so that large values stay finite. */
    static float logSumExp(float[] x, int offset, int n) {
        float max = VectorMath.max(x, offset, n);
        return max + (float) Math.log(VectorMath.sumOfExponentials(x, offset, n, max));
    }
}
