package org.recllm.core.ops;

import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Layer norm and RMS norm over the last dimension; batch norm over the rows of a [N, C] tensor. */
public final class Norms {
    private Norms() {}

    /** Running statistics of a batch-norm layer, updated in training and used for inference; saved in checkpoints. */
    public record BatchNormStats(Tensor mean, Tensor variance, float momentum) {
        public static BatchNormStats of(int channels, float momentum) {
            float[] variance = new float[channels];
            java.util.Arrays.fill(variance, 1f);
            return new BatchNormStats(Tensor.constant(new float[channels], channels), Tensor.constant(variance, channels), momentum);
        }
    }

    /** {@code (x - mean) / sqrt(var + eps) · gamma + beta} per row; gamma and beta may be null. */
    public static Tensor layerNorm(Tape tape, Tensor x, Tensor gamma, Tensor beta, float eps) {
        int rows = x.rows();
        int cols = x.cols();
        Tensor y = tape.result(Tape.anyRequiresGrad(x, gamma, beta), x.shape());
        float[] stats = tape.workspace().take(2 * rows);
        float[] xd = x.data();
        float[] yd = y.data();
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, cols)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int off = r * cols;
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += xd[off + j];
                }
                float mean = (float) (sum / cols);
                double squares = 0;
                for (int j = 0; j < cols; j++) {
                    float d = xd[off + j] - mean;
                    squares += d * d;
                }
                float rstd = (float) (1 / Math.sqrt(squares / cols + eps));
                stats[2 * r] = mean;
                stats[2 * r + 1] = rstd;
                for (int j = 0; j < cols; j++) {
                    float xhat = (xd[off + j] - mean) * rstd;
                    yd[off + j] = xhat * (gamma == null ? 1f : gamma.data()[j]) + (beta == null ? 0f : beta.data()[j]);
                }
            }
        });
        if (y.requiresGrad()) {
            tape.record(() -> normalizedBackward(x, y, gamma, beta, rows, cols, r -> stats[2 * r], r -> stats[2 * r + 1]));
        }
        return y;
    }

    /** {@code x / sqrt(mean(x²) + eps) · gamma} per row, the Llama normalisation. */
    public static Tensor rmsNorm(Tape tape, Tensor x, Tensor gamma, float eps) {
        int rows = x.rows();
        int cols = x.cols();
        Tensor y = tape.result(Tape.anyRequiresGrad(x, gamma), x.shape());
        float[] rstds = tape.workspace().take(rows);
        float[] xd = x.data();
        float[] yd = y.data();
        float[] gd = gamma.data();
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double squares = 0;
            for (int j = 0; j < cols; j++) {
                squares += xd[off + j] * xd[off + j];
            }
            float rstd = (float) (1 / Math.sqrt(squares / cols + eps));
            rstds[r] = rstd;
            for (int j = 0; j < cols; j++) {
                yd[off + j] = xd[off + j] * rstd * gd[j];
            }
        }
        if (y.requiresGrad()) {
            tape.record(() -> {
                float[] gy = y.grad();
                for (int r = 0; r < rows; r++) {
                    int off = r * cols;
                    float rstd = rstds[r];
                    if (gamma.requiresGrad()) {
                        for (int j = 0; j < cols; j++) {
                            gamma.grad()[j] += gy[off + j] * xd[off + j] * rstd;
                        }
                    }
                    if (x.requiresGrad()) {
                        double dot = 0;
                        for (int j = 0; j < cols; j++) {
                            dot += gy[off + j] * gd[j] * xd[off + j];
                        }
                        float c = (float) (dot * rstd * rstd * rstd / cols);
                        for (int j = 0; j < cols; j++) {
                            x.grad()[off + j] += gy[off + j] * gd[j] * rstd - xd[off + j] * c;
                        }
                    }
                }
            });
        }
        return y;
    }

    /**
     * Batch normalisation of a [N, C] tensor per column: in training with the batch's statistics (and the running
     * statistics updated by {@code momentum}, variance unbiased as in PyTorch), otherwise with the running ones.
     */
    public static Tensor batchNorm(Tape tape, Tensor x, Tensor gamma, Tensor beta, BatchNormStats running, float eps) {
        int rows = x.rows();
        int cols = x.cols();
        Tensor y = tape.result(Tape.anyRequiresGrad(x, gamma, beta), x.shape());
        float[] xd = x.data();
        float[] yd = y.data();
        float[] mean = tape.workspace().takeZeroed(cols);
        float[] rstd = tape.workspace().take(cols);
        boolean batchStats = columnStatistics(tape, x, running, eps, mean, rstd);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float xhat = (xd[r * cols + j] - mean[j]) * rstd[j];
                yd[r * cols + j] = xhat * (gamma == null ? 1f : gamma.data()[j]) + (beta == null ? 0f : beta.data()[j]);
            }
        }
        if (y.requiresGrad()) {
            if (batchStats) {
                // Transposed view of the per-row formula: the statistics run down the columns.
                tape.record(() -> columnBackward(x, y, gamma, beta, rows, cols, mean, rstd));
            } else {
                tape.record(() -> {
                    float[] gy = y.grad();
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < cols; j++) {
                            int i = r * cols + j;
                            float xhat = (xd[i] - mean[j]) * rstd[j];
                            float g = gamma == null ? 1f : gamma.data()[j];
                            if (x.requiresGrad()) {
                                x.grad()[i] += gy[i] * g * rstd[j];
                            }
                            if (gamma != null && gamma.requiresGrad()) {
                                gamma.grad()[j] += gy[i] * xhat;
                            }
                            if (beta != null && beta.requiresGrad()) {
                                beta.grad()[j] += gy[i];
                            }
                        }
                    }
                });
            }
        }
        return y;
    }

    /**
     * Per-column mean and 1/std of x [N, C] into {@code mean} (zeroed) and {@code rstd}: the batch's in training with
     * more than one row (and the running statistics updated by their momentum, variance unbiased as in PyTorch),
     * otherwise the running ones. Returns whether the batch's statistics were used.
     */
    static boolean columnStatistics(Tape tape, Tensor x, BatchNormStats running, float eps, float[] mean, float[] rstd) {
        int rows = x.rows();
        int cols = x.cols();
        float[] xd = x.data();
        if (!tape.training() || rows <= 1) {
            for (int j = 0; j < cols; j++) {
                mean[j] = running.mean().data()[j];
                rstd[j] = (float) (1 / Math.sqrt(running.variance().data()[j] + eps));
            }
            return false;
        }
        float[] squares = tape.workspace().takeZeroed(cols);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                mean[j] += xd[r * cols + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            mean[j] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float d = xd[r * cols + j] - mean[j];
                squares[j] += d * d;
            }
        }
        float m = running.momentum();
        float[] runningMean = running.mean().data();
        float[] runningVar = running.variance().data();
        for (int j = 0; j < cols; j++) {
            float variance = squares[j] / rows;
            rstd[j] = (float) (1 / Math.sqrt(variance + eps));
            runningMean[j] = (1 - m) * runningMean[j] + m * mean[j];
            runningVar[j] = (1 - m) * runningVar[j] + m * squares[j] / (rows - 1);
        }
        return true;
    }

    private interface RowStat {
        float of(int row);
    }

    /** Backward of a per-row normalisation y = xhat·gamma + beta with xhat = (x - mean)·rstd. */
    private static void normalizedBackward(Tensor x, Tensor y, Tensor gamma, Tensor beta, int rows, int cols,
                                           RowStat mean, RowStat rstd) {
        float[] xd = x.data();
        float[] gy = y.grad();
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            float mu = mean.of(r);
            float rs = rstd.of(r);
            double sumG = 0;
            double sumGx = 0;
            for (int j = 0; j < cols; j++) {
                float xhat = (xd[off + j] - mu) * rs;
                float g = gy[off + j] * (gamma == null ? 1f : gamma.data()[j]);
                sumG += g;
                sumGx += g * xhat;
                if (gamma != null && gamma.requiresGrad()) {
                    gamma.grad()[j] += gy[off + j] * xhat;
                }
                if (beta != null && beta.requiresGrad()) {
                    beta.grad()[j] += gy[off + j];
                }
            }
            if (x.requiresGrad()) {
                float meanG = (float) (sumG / cols);
                float meanGx = (float) (sumGx / cols);
                for (int j = 0; j < cols; j++) {
                    float xhat = (xd[off + j] - mu) * rs;
                    float g = gy[off + j] * (gamma == null ? 1f : gamma.data()[j]);
                    x.grad()[off + j] += rs * (g - meanG - xhat * meanGx);
                }
            }
        }
    }

    private static void columnBackward(Tensor x, Tensor y, Tensor gamma, Tensor beta, int rows, int cols, float[] mean,
                                       float[] rstd) {
        float[] xd = x.data();
        float[] gy = y.grad();
        double[] sumG = new double[cols];
        double[] sumGx = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                float xhat = (xd[i] - mean[j]) * rstd[j];
                float g = gy[i] * (gamma == null ? 1f : gamma.data()[j]);
                sumG[j] += g;
                sumGx[j] += g * xhat;
                if (gamma != null && gamma.requiresGrad()) {
                    gamma.grad()[j] += gy[i] * xhat;
                }
                if (beta != null && beta.requiresGrad()) {
                    beta.grad()[j] += gy[i];
                }
            }
        }
        if (x.requiresGrad()) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    int i = r * cols + j;
                    float xhat = (xd[i] - mean[j]) * rstd[j];
                    float g = gy[i] * (gamma == null ? 1f : gamma.data()[j]);
                    x.grad()[i] += rstd[j] * (g - (float) (sumG[j] / rows) - xhat * (float) (sumGx[j] / rows));
                }
            }
        }
    }
}
