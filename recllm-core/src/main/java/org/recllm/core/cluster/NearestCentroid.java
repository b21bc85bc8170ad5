package org.recllm.core.cluster;

import org.recllm.core.kernels.Sgemm;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.parallel.Parallel;

/**
 * The nearest of k centroids for blocks of rows, by one GEMM per block: ‖x − c‖² = ‖x‖² − 2·x·c + ‖c‖². Buffers are
 * sized once for the largest block; call {@link #centroidsChanged} after moving the centroids.
 */
final class NearestCentroid {
    /** Rows per GEMM: the products of a block stay in cache-friendly [block × k] buffers. */
    static final int BLOCK = 2048;
    private static final int GRAIN = 64;

    private final int k;
    private final int dim;
    private final float[] centroids;
    private final float[] centroidNorms;
    private final float[] products;

    /** {@code centroids} [k × dim] is read in place: it is the array the caller moves. */
    NearestCentroid(float[] centroids, int k, int dim) {
        this.k = k;
        this.dim = dim;
        this.centroids = centroids;
        this.centroidNorms = new float[k];
        this.products = new float[BLOCK * k];
        centroidsChanged();
    }

    void centroidsChanged() {
        for (int c = 0; c < k; c++) {
            centroidNorms[c] = VectorMath.sumOfSquares(centroids, c * dim, dim);
        }
    }

    /**
     * For rows {@code [from, from + count)} of {@code data} [rows × dim]: each one's nearest centroid into
     * {@code assignments[outOffset + i]} and its squared distance into {@code distances[outOffset + i]}; returns the
     * sum of the squared distances.
     */
    double assign(float[] data, int from, int count, int[] assignments, float[] distances, int outOffset) {
        double total = 0;
        for (int start = 0; start < count; start += BLOCK) {
            int rows = Math.min(BLOCK, count - start);
            Sgemm.multiply(false, true, rows, k, dim, data, (from + start) * dim, dim, centroids, 0, dim, products, 0, k);
            int block = start;
            Parallel.forRange(rows, GRAIN, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    float best = Float.POSITIVE_INFINITY;
                    int nearest = 0;
                    int at = r * k;
                    for (int c = 0; c < k; c++) {
                        float d = centroidNorms[c] - 2 * products[at + c];
                        if (d < best) {
                            best = d;
                            nearest = c;
                        }
                    }
                    float squared = Math.max(0f, best + VectorMath.sumOfSquares(data, (from + block + r) * dim, dim));
                    assignments[outOffset + block + r] = nearest;
                    distances[outOffset + block + r] = squared;
                }
            });
            for (int r = 0; r < rows; r++) {
                total += distances[outOffset + block + r];
            }
        }
        return total;
    }
}
