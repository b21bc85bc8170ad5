package org.recllm.core.cluster;

import org.recllm.core.kernels.Sgemm;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.parallel.Parallel;

/**
 * The nearest of k centroids for the rows of a matrix: candidates ranked by one GEMM per block of rows
 * (‖c‖² − 2·x·c, the row's own norm being common to all), the winner's squared distance then computed exactly from the
 * differences, so that inertia does not suffer the expanded form's cancellation far from the origin. Buffers are sized
 * once; call {@link #centroidsChanged} after moving the centroids.
 */
final class NearestCentroid {
    /** At most this many products per block (16 MiB), and at most 2,048 rows. */
    private static final int PRODUCTS = 1 << 22;
    private static final int GRAIN = 64;

    private final int k;
    private final int dim;
    private final int block;
    private final float[] centroids;
    private final float[] centroidNorms;
    private final float[] products;

    /** {@code centroids} [k × dim] is read in place: it is the array the caller moves. */
    NearestCentroid(float[] centroids, int k, int dim) {
        this.k = k;
        this.dim = dim;
        this.block = Math.max(1, Math.min(2048, PRODUCTS / k));
        this.centroids = centroids;
        this.centroidNorms = new float[k];
        this.products = new float[block * k];
        centroidsChanged();
    }

    void centroidsChanged() {
        for (int c = 0; c < k; c++) {
            centroidNorms[c] = VectorMath.sumOfSquares(centroids, c * dim, dim);
        }
    }

    /**
     * For the first {@code count} rows of {@code points} [rows × dim]: each one's nearest centroid into
     * {@code assignments} and its squared distance into {@code distances}; returns the sum of the squared distances.
     */
    double assign(float[] points, int count, int[] assignments, float[] distances) {
        double total = 0;
        for (int start = 0; start < count; start += block) {
            int rows = Math.min(block, count - start);
            Sgemm.multiply(false, true, rows, k, dim, points, start * dim, dim, centroids, 0, dim, products, 0, k);
            int first = start;
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
                    assignments[first + r] = nearest;
                    distances[first + r] = squaredDistance(points, (first + r) * dim, centroids, nearest * dim, dim);
                }
            });
            for (int r = 0; r < rows; r++) {
                total += distances[start + r];
            }
        }
        return total;
    }

    /** Σ (a − b)² over {@code dim} values, from the differences. */
    static float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        float sum = 0;
        for (int j = 0; j < dim; j++) {
            float difference = a[aOffset + j] - b[bOffset + j];
            sum += difference * difference;
        }
        return sum;
    }
}
