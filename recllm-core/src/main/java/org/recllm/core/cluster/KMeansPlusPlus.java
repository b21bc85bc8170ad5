package org.recllm.core.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.recllm.core.kernels.Sgemm;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.parallel.Parallel;

/**
 * Greedy k-means++ seeding (Arthur and Vassilvitskii; scikit-learn's variant): the first centre a uniform row, each
 * next one the best — by the summed squared distance it leaves — of 2 + ⌊ln k⌋ candidates drawn in proportion to each
 * row's squared distance to its closest centre so far. The candidates' distances to every row come from one GEMM per
 * block of rows; draws are binary searches in one prefix sum per centre.
 */
final class KMeansPlusPlus {
    private static final int BLOCK = 4096;
    private static final int GRAIN = 256;

    private KMeansPlusPlus() {}

    /** k centres from the {@code n} rows of {@code points} [n × dim] into {@code centroids} [k × dim]. */
    static void seed(float[] points, int n, int dim, int k, SplittableRandom random, float[] centroids) {
        int trials = 2 + (int) Math.log(k);
        float[] norms = new float[n];
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                norms[i] = VectorMath.sumOfSquares(points, i * dim, dim);
            }
        });
        float[] closest = new float[n];
        double[] prefix = new double[n];
        float[] candidates = new float[trials * dim];
        float[] candidateNorms = new float[trials];
        float[] products = new float[BLOCK * trials];
        float[] candidateDistances = new float[n * trials];
        double[] potentials = new double[trials];
        int first = random.nextInt(n);
        System.arraycopy(points, first * dim, centroids, 0, dim);
        Parallel.forRange(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                closest[i] = NearestCentroid.squaredDistance(points, i * dim, centroids, 0, dim);
            }
        });
        int[] chosen = new int[trials];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += closest[i];
                prefix[i] = total;
            }
            for (int t = 0; t < trials; t++) {
                chosen[t] = total > 0 ? draw(prefix, random.nextDouble() * total) : random.nextInt(n);
                System.arraycopy(points, chosen[t] * dim, candidates, t * dim, dim);
                candidateNorms[t] = norms[chosen[t]];
            }
            Arrays.fill(potentials, 0);
            for (int start = 0; start < n; start += BLOCK) {
                int rows = Math.min(BLOCK, n - start);
                Sgemm.multiply(false, true, rows, trials, dim, points, start * dim, dim, candidates, 0, dim, products, 0, trials);
                for (int r = 0; r < rows; r++) {
                    int row = start + r;
                    for (int t = 0; t < trials; t++) {
                        float d = Math.max(0f, norms[row] - 2 * products[r * trials + t] + candidateNorms[t]);
                        float kept = Math.min(d, closest[row]);
                        candidateDistances[row * trials + t] = kept;
                        potentials[t] += kept;
                    }
                }
            }
            int best = 0;
            for (int t = 1; t < trials; t++) {
                if (potentials[t] < potentials[best]) {
                    best = t;
                }
            }
            System.arraycopy(candidates, best * dim, centroids, c * dim, dim);
            for (int i = 0; i < n; i++) {
                closest[i] = candidateDistances[i * trials + best];
            }
        }
    }

    /** The first index whose prefix sum reaches {@code target}. */
    private static int draw(double[] prefix, double target) {
        int index = Arrays.binarySearch(prefix, target);
        index = index >= 0 ? index : -index - 1;
        return Math.min(index, prefix.length - 1);
    }
}
