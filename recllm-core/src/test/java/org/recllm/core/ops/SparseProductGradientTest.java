package org.recllm.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.recllm.core.linalg.SparseMatrix;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;

/** Sparse × dense products: the values against the dense product, and the gradient by finite differences. */
class SparseProductGradientTest {

    @Property(tries = 20)
    void productAndItsGradient(@ForAll @IntRange(min = 1, max = 6) int rows, @ForAll @IntRange(min = 1, max = 6) int cols,
                               @ForAll @IntRange(min = 1, max = 4) int dim, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = random.nextInt(rows * cols + 1);
        int[] r = new int[n];
        int[] c = new int[n];
        float[] v = new float[n];
        float[] dense = new float[rows * cols];
        for (int e = 0; e < n; e++) {
            r[e] = random.nextInt(rows);
            c[e] = random.nextInt(cols);
            v[e] = (float) random.nextGaussian();
            dense[r[e] * cols + c[e]] += v[e];
        }
        SparseMatrix a = SparseMatrix.fromEntries(rows, cols, r, c, v);
        GradientCheck check = new GradientCheck(seed);
        Tensor x = check.input(1, cols, dim);
        float[] expected = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                for (int d = 0; d < dim; d++) {
                    expected[i * dim + d] += dense[i * cols + k] * x.data()[k * dim + d];
                }
            }
        }
        Tensor product = SparseProducts.multiply(new Tape().gradients(false), a, x);
        assertArrayEquals(expected, product.toArray(), 1e-5f, "duplicates summed, every entry applied");
        check.check(tape -> SparseProducts.multiply(tape, a, x));
        // Two propagation steps through the same matrix, as LightGCN stacks them.
        if (rows == cols) {
            check.check(tape -> SparseProducts.multiply(tape, a, SparseProducts.multiply(tape, a, x)));
        }
    }
}
