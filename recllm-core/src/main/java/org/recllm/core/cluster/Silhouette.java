package org.recllm.core.cluster;

import java.util.SplittableRandom;
import org.recllm.core.parallel.Parallel;

/**
 * The mean silhouette of a clustering over a uniform sample of its rows, as scikit-learn's
 * {@code silhouette_score(sample_size=…)}: within the sample, s(i) = (b − a) / max(a, b) with a the mean Euclidean
 * distance to the other members of i's cluster and b the smallest mean distance to another cluster's members; 0 for a
 * row alone in its cluster, or when both are 0 (duplicates). From −1 (rows closer to another cluster) to 1 (tight,
 * well separated clusters). Quadratic in the sample: at most {@link #MAX_SAMPLE} rows.
 */
public final class Silhouette {
    public static final int MAX_SAMPLE = 20_000;

    private Silhouette() {}

    public static double sampled(float[] data, int rows, int dim, int[] assignments, int k, int sampleSize, long seed) {
        if (sampleSize < 1 || sampleSize > MAX_SAMPLE) {
            throw new IllegalArgumentException("the silhouette sample must be 1 to " + MAX_SAMPLE + " rows, got " + sampleSize);
        }
        int n = Math.min(rows, sampleSize);
        int[] chosen = Sampling.distinct(rows, n, new SplittableRandom(seed));
        int[] sizes = new int[k];
        for (int row : chosen) {
            sizes[assignments[row]]++;
        }
        double[] silhouettes = new double[n];
        Parallel.forRange(n, 16, (from, to) -> {
            double[] sums = new double[k];
            for (int i = from; i < to; i++) {
                java.util.Arrays.fill(sums, 0);
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        sums[assignments[chosen[j]]] += Math.sqrt(NearestCentroid.squaredDistance(data, chosen[i] * dim,
                                data, chosen[j] * dim, dim));
                    }
                }
                int own = assignments[chosen[i]];
                if (sizes[own] <= 1) {
                    continue;
                }
                double within = sums[own] / (sizes[own] - 1);
                double nearest = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    if (c != own && sizes[c] > 0) {
                        nearest = Math.min(nearest, sums[c] / sizes[c]);
                    }
                }
                double larger = Math.max(within, nearest);
                silhouettes[i] = nearest == Double.POSITIVE_INFINITY || larger == 0 ? 0 : (nearest - within) / larger;
            }
        });
        double total = 0;
        for (double s : silhouettes) {
            total += s;
        }
        return total / n;
    }
}
