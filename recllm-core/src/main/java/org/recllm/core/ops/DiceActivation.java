package org.recllm.core.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/**
 * DIN's data-adaptive activation (Zhou et al. 2018) as one operation: p = σ(x̂) with x̂ = (x − mean)·rstd per column
 * (batch statistics in training, no affine), and y = p·x + (1 − p)·α·x with α per column. Composed from batch norm,
 * sigmoid and four element-wise ops it took nine passes forward and as many backward, each with its own gradient
 * buffer; here it is three forward (mean, variance, output) and two backward.
 */
public final class DiceActivation {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private DiceActivation() {}

    /** Dice over x [.., C] with α [C]; {@code running} supplies the statistics outside training and is updated in it. */
    public static Tensor apply(Tape tape, Tensor x, Tensor alpha, Norms.BatchNormStats running, float eps) {
        int rows = x.rows();
        int cols = x.cols();
        if (cols == 0 || alpha.size() != cols || running.mean().size() != cols || running.variance().size() != cols) {
            throw new IllegalArgumentException("Dice over " + x + " needs alpha and running statistics of " + cols
                    + " values, got " + alpha + ", " + running.mean() + ", " + running.variance());
        }
        Tensor y = tape.result(Tape.anyRequiresGrad(x, alpha), x.shape());
        float[] mean = tape.workspace().takeZeroed(cols);
        float[] rstd = tape.workspace().take(cols);
        boolean batchStats = Norms.columnStatistics(tape, x, running, eps, mean, rstd);
        // σ(x̂) is kept for the backward pass: recomputing it would cost an exp per element again.
        float[] gate = y.requiresGrad() ? tape.workspace().take(x.size()) : null;
        float[] xd = x.data();
        float[] yd = y.data();
        float[] a = alpha.data();
        Parallel.forRange(rows, Math.max(1, Elementwise.GRAIN / cols), (from, to) -> {
            for (int r = from; r < to; r++) {
                int off = r * cols;
                int j = 0;
                for (; j + S.length() <= cols; j += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, xd, off + j);
                    FloatVector xhat = v.sub(FloatVector.fromArray(S, mean, j)).mul(FloatVector.fromArray(S, rstd, j));
                    FloatVector p = Activations.sigmoid(xhat);
                    FloatVector av = FloatVector.fromArray(S, a, j);
                    v.mul(p.mul(av.neg().add(1f)).add(av)).intoArray(yd, off + j);
                    if (gate != null) {
                        p.intoArray(gate, off + j);
                    }
                }
                for (; j < cols; j++) {
                    float p = Activations.sigmoid((xd[off + j] - mean[j]) * rstd[j]);
                    yd[off + j] = xd[off + j] * (a[j] + (1 - a[j]) * p);
                    if (gate != null) {
                        gate[off + j] = p;
                    }
                }
            }
        });
        if (y.requiresGrad()) {
            float[] sums = tape.workspace().takeZeroed(2 * cols);
            tape.record(() -> backward(x, alpha, y, gate, mean, rstd, batchStats, sums));
        }
        return y;
    }

    /**
     * dy/dx = α + (1 − α)·p directly, plus, through the gate, dL/dx̂ = g·x·(1 − α)·p·(1 − p) taken back through
     * the normalisation: rstd·dx̂ with running statistics, rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) per column with the
     * batch's. dL/dα = g·x·(1 − p).
     */
    private static void backward(Tensor x, Tensor alpha, Tensor y, float[] gate, float[] mean, float[] rstd,
                                 boolean batchStats, float[] sums) {
        int rows = x.rows();
        int cols = x.cols();
        float[] xd = x.data();
        float[] gy = y.grad();
        float[] a = alpha.data();
        float[] gAlpha = alpha.requiresGrad() ? alpha.grad() : null;
        float[] gx = x.requiresGrad() ? x.grad() : null;
        // sums[j]: Σ dx̂ of column j; sums[cols + j]: Σ dx̂·x̂.
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                int i = off + j;
                float p = gate[i];
                float gxv = gy[i] * xd[i];
                if (gAlpha != null) {
                    gAlpha[j] += gxv * (1 - p);
                }
                float dxhat = gxv * (1 - a[j]) * p * (1 - p);
                sums[j] += dxhat;
                sums[cols + j] += dxhat * (xd[i] - mean[j]) * rstd[j];
                if (gx != null) {
                    gx[i] += gy[i] * (a[j] + (1 - a[j]) * p);
                }
            }
        }
        if (gx == null) {
            return;
        }
        float scale = batchStats ? 1f / rows : 0f;
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                int i = off + j;
                float p = gate[i];
                float dxhat = gy[i] * xd[i] * (1 - a[j]) * p * (1 - p);
                float xhat = (xd[i] - mean[j]) * rstd[j];
                gx[i] += rstd[j] * (dxhat - scale * (sums[j] + xhat * sums[cols + j]));
            }
        }
    }
}
