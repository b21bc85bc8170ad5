package org.recllm.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Eigen decomposition and PCA against data whose principal axes are known by construction. */
class PcaTest {

    @Test
    void jacobiDiagonalisesASymmetricMatrix() {
        int n = 6;
        SplittableRandom random = new SplittableRandom(3);
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                m[i * n + j] = m[j * n + i] = random.nextGaussian();
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(m, n);
        for (int c = 0; c < n; c++) {
            for (int r = 0; r < n; r++) {
                double mv = 0;
                for (int k = 0; k < n; k++) {
                    mv += m[r * n + k] * eigen.vectors()[k * n + c];
                }
                assertEquals(eigen.values()[c] * eigen.vectors()[r * n + c], mv, 1e-10, "M·v = λ·v, column " + c);
            }
            if (c > 0) {
                assertTrue(eigen.values()[c - 1] >= eigen.values()[c], "largest first");
            }
        }
    }

    /**
     * 2,000 points in 64 dimensions: variance 9 − k along 8 random orthonormal axes (k = 0..7), 0.01 elsewhere. PCA
     * to 8 components finds those axes (up to sign) and their variances.
     */
    @Test
    void findsThePrincipalAxesOfConstructedData() {
        int n = 2_000;
        int dim = 64;
        int axes = 8;
        SplittableRandom random = new SplittableRandom(11);
        double[][] basis = randomOrthonormal(dim, axes, random);
        float[] rows = new float[n * dim];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < axes; k++) {
                double weight = random.nextGaussian() * Math.sqrt(9 - k / 8.0 * 8);
                for (int j = 0; j < dim; j++) {
                    rows[r * dim + j] += (float) (weight * basis[k][j]);
                }
            }
            for (int j = 0; j < dim; j++) {
                rows[r * dim + j] += (float) (0.1 * random.nextGaussian() + 5);
            }
        }
        Pca pca = Pca.fit(rows, n, dim, axes, 1);
        assertEquals(5.0, pca.mean()[0], 0.2, "the mean is removed");
        for (int k = 0; k < axes; k++) {
            double dot = 0;
            for (int j = 0; j < dim; j++) {
                dot += pca.components()[k * dim + j] * basis[k][j];
            }
            assertEquals(1.0, Math.abs(dot), 0.02, "component " + k + " is axis " + k);
            assertEquals(9 - k, pca.variances()[k], 0.1 * (9 - k), "variance of component " + k);
        }
        assertTrue(pca.explainedShare() > 0.98, "share " + pca.explainedShare());
        float[] projected = pca.project(rows, n);
        double variance = 0;
        for (int r = 0; r < n; r++) {
            variance += projected[r * axes] * projected[r * axes];
        }
        assertEquals(pca.variances()[0], variance / (n - 1), 0.01 * pca.variances()[0], "projections carry the variance");
    }

    @Test
    void refusesImpossibleRequests() {
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new float[8], 2, 4, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new float[4], 1, 4, 2, 1));
    }

    private static double[][] randomOrthonormal(int dim, int count, SplittableRandom random) {
        double[][] basis = new double[count][dim];
        for (int k = 0; k < count; k++) {
            for (int j = 0; j < dim; j++) {
                basis[k][j] = random.nextGaussian();
            }
            for (int prior = 0; prior < k; prior++) {
                double dot = 0;
                for (int j = 0; j < dim; j++) {
                    dot += basis[k][j] * basis[prior][j];
                }
                for (int j = 0; j < dim; j++) {
                    basis[k][j] -= dot * basis[prior][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += basis[k][j] * basis[k][j];
            }
            for (int j = 0; j < dim; j++) {
                basis[k][j] /= Math.sqrt(norm);
            }
        }
        return basis;
    }
}
