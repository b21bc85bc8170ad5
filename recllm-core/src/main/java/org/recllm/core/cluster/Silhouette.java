package org.recllm.core.cluster;

import java.util.SplittableRandom;
import org.recllm.core.parallel.Parallel;

/**
 * The mean silhouette of a clustering over a uniform sample of its rows, as scikit-learn's
 * {@code silhouette_score(sample_size=…)}: within the sample, s(i) = (b − a) / max(a, b) with a the mean Euclidean
 * distance to the other members of i's cluster and b the smallest mean distance to another cluster's members; 0 for a
 * row alone in its cluster. From −1 (rows closer to another cluster) to 1 (tight, well separated clusters).
 */
public final class Silhouette {
    private Silhouette() {}

    public static double sampled(float[] data, int rows, int dim, int[] assignments, int k, int sampleSize, long seed) {
        int n = Math.min(rows, sampleSize);
        SplittableRandom random = new SplittableRandom(seed);
        int[] all = new int[rows];
        for (int i = 0; i < rows; i++) {
            all[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(rows - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        int[] sizes = new int[k];
        for (int i = 0; i < n; i++) {
            sizes[assignments[all[i]]]++;
        }
        double[] silhouettes = new double[n];
        Parallel.forRange(n, 16, (from, to) -> {
            double[] sums = new double[k];
            for (int i = from; i < to; i++) {
                java.util.Arrays.fill(sums, 0);
                int a = all[i] * dim;
                for (int j = 0; j < n; j++) {
                    if (j == i) {
                        continue;
                    }
                    int b = all[j] * dim;
                    double squared = 0;
                    for (int d = 0; d < dim; d++) {
                        double diff = data[a + d] - data[b + d];
                        squared += diff * diff;
                    }
                    sums[assignments[all[j]]] += Math.sqrt(squared);
                }
                int own = assignments[all[i]];
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
                silhouettes[i] = nearest == Double.POSITIVE_INFINITY ? 0 : (nearest - within) / Math.max(within, nearest);
            }
        });
        double total = 0;
        for (double s : silhouettes) {
            total += s;
        }
        return n == 0 ? 0 : total / n;
    }
}
