package org.recllm.core.cluster;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

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
                    int nearest = nearest(r * k);
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

    /**
     * The centroid with the smallest ‖c‖² − 2·x·c for the products at {@code at}: lane-wise minima and their indices
     * over the vector width, then the best lane (the lowest index among equals, as a scalar scan would pick).
     */
    private int nearest(int at) {
        int c = 0;
        int nearest = 0;
        float best = Float.POSITIVE_INFINITY;
        int lanes = F.length();
        if (k >= lanes) {
            FloatVector bestValues = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
            IntVector bestIndices = IntVector.zero(I);
            IntVector index = IntVector.zero(I).addIndex(1);
            IntVector step = IntVector.broadcast(I, lanes);
            for (; c + lanes <= k; c += lanes) {
                FloatVector d = FloatVector.fromArray(F, products, at + c).mul(-2f).add(FloatVector.fromArray(F, centroidNorms, c));
                VectorMask<Float> better = d.compare(VectorOperators.LT, bestValues);
                bestValues = bestValues.blend(d, better);
                bestIndices = bestIndices.blend(index, better.cast(I));
                index = index.add(step);
            }
            for (int lane = 0; lane < lanes; lane++) {
                float value = bestValues.lane(lane);
                int candidate = bestIndices.lane(lane);
                if (value < best || (value == best && candidate < nearest)) {
                    best = value;
                    nearest = candidate;
                }
            }
        }
        for (; c < k; c++) {
            float d = centroidNorms[c] - 2 * products[at + c];
            if (d < best) {
                best = d;
                nearest = c;
            }
        }
        return nearest;
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
