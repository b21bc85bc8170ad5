package org.recllm.core.ops;

import org.recllm.core.linalg.SparseMatrix;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;

/** Products of a constant sparse matrix with a dense tensor: graph propagation (LightGCN), with its backward pass. */
public final class SparseProducts {
    private SparseProducts() {}

    /** {@code a · x} for x of [a.cols, dim]: [a.rows, dim]; the gradient of x is {@code aᵀ · grad}. */
    public static Tensor multiply(Tape tape, SparseMatrix a, Tensor x) {
        if (x.rank() != 2 || x.dim(0) != a.cols()) {
            throw new IllegalArgumentException("a sparse " + a.rows() + " × " + a.cols() + " matrix cannot multiply a "
                    + java.util.Arrays.toString(x.shape()) + " tensor");
        }
        int dim = x.dim(1);
        Tensor y = tape.zeroedResult(x.requiresGrad(), a.rows(), dim);
        a.multiplyAdd(x.data(), dim, y.data());
        if (y.requiresGrad()) {
            tape.record(() -> a.transpose().multiplyAdd(y.grad(), dim, x.grad()));
        }
        return y;
    }
}
