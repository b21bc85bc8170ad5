package org.recllm.core.linalg;

import java.util.SplittableRandom;
import org.recllm.core.kernels.Sgemm;

/**
 * Principal component analysis of row vectors: the mean, and the directions of largest variance as unit rows, most
 * variance first. The covariance comes from one GEMM; its leading eigenvectors from subspace iteration with
 * {@value #OVERSAMPLING} extra directions and a Rayleigh–Ritz step (an exact Jacobi solve of the small projected
 * matrix), so a 4,096-dimensional LLM embedding needs no 4,096² eigen solve.
 *
 * @param components [count, dim] row-major
 * @param variances  the variance along each component
 * @param totalVariance the sum of the variances of all input dimensions
 */
public record Pca(int dim, float[] mean, float[] components, double[] variances, double totalVariance) {
    private static final int OVERSAMPLING = 16;
    private static final int ITERATIONS = 8;

    public int count() {
        return variances.length;
    }

    /** The share of the total variance the components keep. */
    public double explainedShare() {
        double kept = 0;
        for (double v : variances) {
            kept += v;
        }
        return totalVariance > 0 ? kept / totalVariance : 1;
    }

    /**
     * @param rows  n × dim row-major
     * @param count how many components (at most dim)
     */
    public static Pca fit(float[] rows, int n, int dim, int count, long seed) {
        if (n < 2 || dim < 1 || rows.length < (long) n * dim) {
            throw new IllegalArgumentException("PCA needs at least 2 rows of " + dim + " values, got " + n);
        }
        if (count < 1 || count > dim) {
            throw new IllegalArgumentException("components must be 1.." + dim + ", got " + count);
        }
        float[] mean = new float[dim];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += rows[r * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        float[] centered = centered(rows, n, dim, mean);
        float[] covariance = new float[dim * dim];
        Sgemm.multiply(true, false, dim, dim, n, centered, 0, dim, centered, 0, dim, covariance, 0, dim);
        double total = 0;
        float norm = 1f / (n - 1);
        for (int i = 0; i < covariance.length; i++) {
            covariance[i] *= norm;
        }
        for (int j = 0; j < dim; j++) {
            total += covariance[j * dim + j];
        }
        int width = Math.min(dim, count + OVERSAMPLING);
        double[] basis = width == dim ? identity(dim) : leadingSubspace(covariance, dim, width, seed);
        // Rayleigh–Ritz: the covariance in the basis, solved exactly, rotated back.
        float[] basisF = toFloat(basis);
        float[] cb = new float[dim * width];
        Sgemm.multiply(false, false, dim, width, dim, covariance, 0, dim, basisF, 0, width, cb, 0, width);
        double[] small = new double[width * width];
        for (int a = 0; a < width; a++) {
            for (int b = 0; b < width; b++) {
                double sum = 0;
                for (int j = 0; j < dim; j++) {
                    sum += basis[j * width + a] * cb[j * width + b];
                }
                small[a * width + b] = sum;
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(small, width);
        float[] components = new float[count * dim];
        double[] variances = new double[count];
        for (int c = 0; c < count; c++) {
            variances[c] = Math.max(0, eigen.values()[c]);
            for (int j = 0; j < dim; j++) {
                double sum = 0;
                for (int a = 0; a < width; a++) {
                    sum += basis[j * width + a] * eigen.vectors()[a * width + c];
                }
                components[c * dim + j] = (float) sum;
            }
        }
        return new Pca(dim, mean, components, variances, total);
    }

    /** {@code rows} (n × dim) in component coordinates, n × count. */
    public float[] project(float[] rows, int n) {
        float[] centered = centered(rows, n, dim, mean);
        float[] out = new float[n * count()];
        Sgemm.multiply(false, true, n, count(), dim, centered, 0, dim, components, 0, dim, out, 0, count());
        return out;
    }

    /** The first n rows less {@code mean}. */
    private static float[] centered(float[] rows, int n, int dim, float[] mean) {
        float[] centered = new float[n * dim];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < dim; j++) {
                centered[r * dim + j] = rows[r * dim + j] - mean[j];
            }
        }
        return centered;
    }

    /** An orthonormal basis (dim × width, columns) of the covariance's leading subspace. */
    private static double[] leadingSubspace(float[] covariance, int dim, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] q = new float[dim * width];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) random.nextGaussian();
        }
        double[] basis = orthonormalColumns(q, dim, width);
        float[] product = new float[dim * width];
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            Sgemm.multiply(false, false, dim, width, dim, covariance, 0, dim, toFloat(basis), 0, width, product, 0, width);
            basis = orthonormalColumns(product, dim, width);
        }
        return basis;
    }

    /** Modified Gram–Schmidt, twice, in double precision (a column that vanishes is replaced by a unit vector). */
    private static double[] orthonormalColumns(float[] matrix, int rows, int columns) {
        double[] m = new double[rows * columns];
        for (int i = 0; i < m.length; i++) {
            m[i] = matrix[i];
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < columns; c++) {
                for (int prior = 0; prior < c; prior++) {
                    double dot = 0;
                    for (int r = 0; r < rows; r++) {
                        dot += m[r * columns + c] * m[r * columns + prior];
                    }
                    for (int r = 0; r < rows; r++) {
                        m[r * columns + c] -= dot * m[r * columns + prior];
                    }
                }
                double norm = 0;
                for (int r = 0; r < rows; r++) {
                    norm += m[r * columns + c] * m[r * columns + c];
                }
                norm = Math.sqrt(norm);
                if (norm < 1e-30) {
                    m[(c % rows) * columns + c] = 1;
                    continue;
                }
                for (int r = 0; r < rows; r++) {
                    m[r * columns + c] /= norm;
                }
            }
        }
        return m;
    }

    private static double[] identity(int n) {
        double[] id = new double[n * n];
        for (int i = 0; i < n; i++) {
            id[i * n + i] = 1;
        }
        return id;
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
