package org.recllm.core.ops;

import java.util.Arrays;
import org.recllm.core.kernels.Sgemm;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Matrix products with their gradients: plain and transposed 2-D products, dense layers, and batched products. */
public final class MatMul {
    private MatMul() {}

    /**
     * {@code op(a) · op(b)}. Without {@code transA}, {@code a} may have leading dimensions (they are rows) and they are
     * kept in the result; with it, {@code a} is a 2-D [k, m] matrix. {@code b} is 2-D: [k, n], or [n, k] with
     * {@code transB}.
     */
    public static Tensor matmul(Tape tape, Tensor a, Tensor b, boolean transA, boolean transB) {
        return product(tape, a, b, transA, transB, Tape.anyRequiresGrad(a, b));
    }

    private static Tensor product(Tape tape, Tensor a, Tensor b, boolean transA, boolean transB, boolean requiresGrad) {
        if (b.rank() != 2 || (transA && a.rank() != 2)) {
            throw new IllegalArgumentException("matmul needs 2-D operands (a may have leading dims when not transposed): "
                    + a + " · " + b);
        }
        int m = transA ? a.dim(1) : a.rows();
        int k = transA ? a.dim(0) : a.cols();
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("inner dimensions differ: " + a + (transA ? "ᵀ" : "") + " · " + b + (transB ? "ᵀ" : ""));
        }
        int[] shape;
        if (transA) {
            shape = new int[] {m, n};
        } else {
            shape = a.shape();
            shape[shape.length - 1] = n;
        }
        Tensor c = tape.result(requiresGrad, shape);
        int lda = a.cols();
        int ldb = b.cols();
        Sgemm.multiply(transA, transB, m, n, k, a.data(), 0, lda, b.data(), 0, ldb, c.data(), 0, n);
        if (c.requiresGrad()) {
            tape.record(() -> backward(a, b, c, transA, transB, m, n, k, lda, ldb, 0, 0, 0));
        }
        return c;
    }

    /** A dense layer: {@code x[..., in] · w[in, out] + bias[out]} ({@code bias} may be null). */
    public static Tensor linear(Tape tape, Tensor x, Tensor w, Tensor bias) {
        if (w.rank() != 2 || x.cols() != w.dim(0)) {
            throw new IllegalArgumentException("linear: input " + x + " does not fit weights " + w);
        }
        if (bias != null && bias.size() != w.dim(1)) {
            throw new IllegalArgumentException("linear: bias " + bias + " does not fit weights " + w);
        }
        Tensor y = product(tape, x, w, false, false, Tape.anyRequiresGrad(x, w, bias));
        if (bias == null) {
            return y;
        }
        int rows = y.rows();
        int cols = y.cols();
        float[] yd = y.data();
        float[] bd = bias.data();
        for (int r = 0; r < rows; r++) {
            org.recllm.core.kernels.VectorMath.add(bd, 0, yd, r * cols, cols);
        }
        if (bias.requiresGrad() && y.requiresGrad()) {
            // Recorded after the product's step, so it runs before it: order does not matter, both only read y.grad.
            tape.record(() -> {
                float[] gy = y.grad();
                float[] gb = bias.grad();
                for (int r = 0; r < rows; r++) {
                    org.recllm.core.kernels.VectorMath.add(gy, r * cols, gb, 0, cols);
                }
            });
        }
        return y;
    }

    /**
     * Batched product over the leading dimensions: {@code a[..., m, k] · b[..., k, n]} (or the transposes of the last
     * two dimensions), both with the same leading dimensions.
     */
    public static Tensor batched(Tape tape, Tensor a, Tensor b, boolean transA, boolean transB) {
        if (a.rank() < 3 || a.rank() != b.rank()
                || !Arrays.equals(Arrays.copyOf(a.shape(), a.rank() - 2), Arrays.copyOf(b.shape(), b.rank() - 2))) {
            throw new IllegalArgumentException("batched matmul needs equal leading dimensions: " + a + " · " + b);
        }
        int rank = a.rank();
        int m = transA ? a.dim(rank - 1) : a.dim(rank - 2);
        int k = transA ? a.dim(rank - 2) : a.dim(rank - 1);
        int kb = transB ? b.dim(rank - 1) : b.dim(rank - 2);
        int n = transB ? b.dim(rank - 2) : b.dim(rank - 1);
        if (k != kb) {
            throw new IllegalArgumentException("inner dimensions differ: " + a + " · " + b);
        }
        int batches = a.size() / (m * k);
        int[] shape = a.shape();
        shape[rank - 2] = m;
        shape[rank - 1] = n;
        Tensor c = tape.result(Tape.anyRequiresGrad(a, b), shape);
        int lda = a.cols();
        int ldb = b.cols();
        int aStride = m * k;
        int bStride = k * n;
        int cStride = m * n;
        Parallel.forRange(batches, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                Sgemm.multiply(transA, transB, m, n, k, a.data(), i * aStride, lda, b.data(), i * bStride, ldb,
                        c.data(), i * cStride, n);
            }
        });
        if (c.requiresGrad()) {
            tape.record(() -> Parallel.forRange(batches, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    backward(a, b, c, transA, transB, m, n, k, lda, ldb, i * aStride, i * bStride, i * cStride);
                }
            }));
        }
        return c;
    }

    private static void backward(Tensor a, Tensor b, Tensor c, boolean transA, boolean transB, int m, int n, int k,
                                 int lda, int ldb, int aOff, int bOff, int cOff) {
        float[] gc = c.grad();
        if (a.requiresGrad()) {
            float[] ga = a.grad();
            if (!transA) {
                // dA[m,k] += dC[m,n] · op(B)ᵀ
                Sgemm.multiplyAdd(false, !transB, m, k, n, gc, cOff, n, b.data(), bOff, ldb, ga, aOff, lda);
            } else {
                // dA_stored[k,m] += op(B)[k,n] · dCᵀ
                Sgemm.multiplyAdd(transB, true, k, m, n, b.data(), bOff, ldb, gc, cOff, n, ga, aOff, lda);
            }
        }
        if (b.requiresGrad()) {
            float[] gb = b.grad();
            if (!transB) {
                // dB[k,n] += op(A)ᵀ · dC
                Sgemm.multiplyAdd(!transA, false, k, n, m, a.data(), aOff, lda, gc, cOff, n, gb, bOff, ldb);
            } else {
                // dB_stored[n,k] += dCᵀ · op(A)
                Sgemm.multiplyAdd(true, transA, n, k, m, gc, cOff, n, a.data(), aOff, lda, gb, bOff, ldb);
            }
        }
    }
}
