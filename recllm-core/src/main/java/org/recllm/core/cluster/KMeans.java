package org.recllm.core.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.recllm.core.kernels.VectorMath;
import org.recllm.core.progress.Progress;

/**
 * k-means on the rows of a row-major matrix: greedy k-means++ seeding (each centre the best of 2 + ln k candidates
 * drawn in proportion to the squared distance, as scikit-learn does), then Lloyd passes or Sculley's mini-batch
 * updates (each centre moves towards its batch members by its count-based rate). Distances come from one GEMM per
 * block of rows; all buffers are allocated before the loop. A cluster left empty by a Lloyd pass takes the row
 * farthest from its centroid; in mini-batch mode, after every 10·k rows, centres that drew fewer than 1% of the most
 * drawn one's rows move to random rows of the batch (scikit-learn's reassignment), so none stays stranded.
 */
public final class KMeans {
    /** A mini-batch centre drawing less than this share of the most drawn centre's rows is moved. */
    private static final double STRANDED = 0.01;

    private KMeans() {}

    /** Clusters the {@code rows} rows of {@code data} [rows × dim]. */
    public static Clustering fit(float[] data, int rows, int dim, KMeansConfig config) {
        int k = config.k();
        if (rows < k) {
            throw new IllegalArgumentException("k-means with k = " + k + " needs at least " + k + " rows, got " + rows);
        }
        if (data.length < (long) rows * dim) {
            throw new IllegalArgumentException(rows + " rows of " + dim + " values need " + (long) rows * dim + " values");
        }
        SplittableRandom random = new SplittableRandom(config.seed());
        float[] centroids = new float[k * dim];
        if (config.batchSize() == 0) {
            seed(data, identity(rows), dim, k, random, centroids);
            NearestCentroid nearest = new NearestCentroid(centroids, k, dim);
            return lloyd(data, rows, dim, config, centroids, nearest);
        }
        int initSize = Math.min(rows, Math.max(3 * config.batchSize(), 3 * k));
        seed(data, sample(rows, initSize, random), dim, k, random, centroids);
        NearestCentroid nearest = new NearestCentroid(centroids, k, dim);
        return miniBatch(data, rows, dim, config, centroids, nearest, random);
    }

    /** Greedy k-means++ over the chosen rows, writing k centroids. */
    private static void seed(float[] data, int[] chosen, int dim, int k, SplittableRandom random, float[] centroids) {
        int n = chosen.length;
        int trials = 2 + (int) Math.log(k);
        float[] norms = new float[n];
        for (int i = 0; i < n; i++) {
            norms[i] = VectorMath.sumOfSquares(data, chosen[i] * dim, dim);
        }
        float[] closest = new float[n];
        float[] candidate = new float[n];
        float[] best = new float[n];
        int first = chosen[random.nextInt(n)];
        System.arraycopy(data, first * dim, centroids, 0, dim);
        double potential = distancesTo(data, chosen, norms, dim, centroids, 0, closest);
        for (int c = 1; c < k; c++) {
            double bestPotential = Double.POSITIVE_INFINITY;
            int bestRow = -1;
            for (int t = 0; t < trials; t++) {
                int row = chosen[drawProportional(closest, potential, random)];
                distancesTo(data, chosen, norms, dim, data, row * dim, candidate);
                double total = 0;
                for (int i = 0; i < n; i++) {
                    candidate[i] = Math.min(candidate[i], closest[i]);
                    total += candidate[i];
                }
                if (total < bestPotential) {
                    bestPotential = total;
                    bestRow = row;
                    System.arraycopy(candidate, 0, best, 0, n);
                }
            }
            System.arraycopy(data, bestRow * dim, centroids, c * dim, dim);
            System.arraycopy(best, 0, closest, 0, n);
            potential = bestPotential;
        }
    }

    /** Index i drawn with probability weights[i] / total (uniform when every weight is 0). */
    private static int drawProportional(float[] weights, double total, SplittableRandom random) {
        if (!(total > 0)) {
            return random.nextInt(weights.length);
        }
        double target = random.nextDouble() * total;
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            running += weights[i];
            if (running >= target) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /**
     * Squared distances of the chosen rows (their squared norms given) to the point at {@code point[offset..]} into
     * {@code out}; their sum.
     */
    private static double distancesTo(float[] data, int[] chosen, float[] norms, int dim, float[] point, int offset,
                                      float[] out) {
        double total = 0;
        float pointNorm = VectorMath.sumOfSquares(point, offset, dim);
        for (int i = 0; i < chosen.length; i++) {
            float d = norms[i] - 2 * VectorMath.dot(data, chosen[i] * dim, point, offset, dim) + pointNorm;
            out[i] = Math.max(0f, d);
            total += out[i];
        }
        return total;
    }

    private static Clustering lloyd(float[] data, int rows, int dim, KMeansConfig config, float[] centroids,
                                    NearestCentroid nearest) {
        int k = config.k();
        int[] assignments = new int[rows];
        float[] distances = new float[rows];
        double[] sums = new double[k * dim];
        int[] counts = new int[k];
        double previous = Double.POSITIVE_INFINITY;
        double inertia = 0;
        int pass = 0;
        try (Progress progress = Progress.start("k-means (Lloyd, k = " + k + ")", "passes", config.maxIterations())) {
            while (pass < config.maxIterations()) {
                inertia = nearest.assign(data, 0, rows, assignments, distances, 0);
                pass++;
                progress.advance(1);
                progress.status(String.format(java.util.Locale.ROOT, "inertia %.6g", inertia));
                if (previous - inertia <= config.tolerance() * inertia) {
                    break;
                }
                previous = inertia;
                Arrays.fill(sums, 0);
                Arrays.fill(counts, 0);
                for (int r = 0; r < rows; r++) {
                    int c = assignments[r];
                    counts[c]++;
                    int at = r * dim;
                    int to = c * dim;
                    for (int j = 0; j < dim; j++) {
                        sums[to + j] += data[at + j];
                    }
                }
                for (int c = 0; c < k; c++) {
                    if (counts[c] == 0) {
                        int farthest = farthest(distances);
                        System.arraycopy(data, farthest * dim, centroids, c * dim, dim);
                        distances[farthest] = 0;
                        continue;
                    }
                    for (int j = 0; j < dim; j++) {
                        centroids[c * dim + j] = (float) (sums[c * dim + j] / counts[c]);
                    }
                }
                nearest.centroidsChanged();
            }
        }
        return new Clustering(k, dim, centroids, assignments, inertia, pass);
    }

    private static int farthest(float[] distances) {
        int farthest = 0;
        for (int r = 1; r < distances.length; r++) {
            if (distances[r] > distances[farthest]) {
                farthest = r;
            }
        }
        return farthest;
    }

    private static Clustering miniBatch(float[] data, int rows, int dim, KMeansConfig config, float[] centroids,
                                        NearestCentroid nearest, SplittableRandom random) {
        int k = config.k();
        int batch = Math.min(config.batchSize(), rows);
        long steps = Math.max(1, (long) config.maxIterations() * rows / batch);
        float[] batchRows = new float[batch * dim];
        int[] batchAssignments = new int[batch];
        float[] batchDistances = new float[batch];
        double[] sums = new double[k * dim];
        int[] batchCounts = new int[k];
        long[] counts = new long[k];
        double alpha = Math.min(1, 2.0 * batch / (rows + 1));
        long sinceReassignment = 0;
        double smoothed = Double.NaN;
        double best = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        long step = 0;
        try (Progress progress = Progress.start("k-means (mini-batch " + batch + ", k = " + k + ")", "rows", steps * batch)) {
            while (step < steps && sinceBest < config.patience()) {
                for (int i = 0; i < batch; i++) {
                    System.arraycopy(data, random.nextInt(rows) * dim, batchRows, i * dim, dim);
                }
                double inertia = nearest.assign(batchRows, 0, batch, batchAssignments, batchDistances, 0) / batch;
                Arrays.fill(sums, 0);
                Arrays.fill(batchCounts, 0);
                for (int i = 0; i < batch; i++) {
                    int c = batchAssignments[i];
                    batchCounts[c]++;
                    for (int j = 0; j < dim; j++) {
                        sums[c * dim + j] += batchRows[i * dim + j];
                    }
                }
                for (int c = 0; c < k; c++) {
                    if (batchCounts[c] == 0) {
                        continue;
                    }
                    counts[c] += batchCounts[c];
                    double rate = (double) batchCounts[c] / counts[c];
                    for (int j = 0; j < dim; j++) {
                        int at = c * dim + j;
                        double mean = sums[at] / batchCounts[c];
                        centroids[at] = (float) (centroids[at] + rate * (mean - centroids[at]));
                    }
                }
                sinceReassignment += batch;
                if (sinceReassignment > 10L * k) {
                    reassignStranded(counts, batchRows, batch, dim, centroids, random);
                    sinceReassignment = 0;
                }
                nearest.centroidsChanged();
                step++;
                smoothed = Double.isNaN(smoothed) ? inertia : smoothed * (1 - alpha) + inertia * alpha;
                if (smoothed < best) {
                    best = smoothed;
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                progress.advance(batch);
                if ((step & 63) == 0) {
                    progress.status(String.format(java.util.Locale.ROOT, "batch inertia %.6g", smoothed));
                }
            }
        }
        int[] assignments = new int[rows];
        float[] distances = new float[rows];
        double inertia = nearest.assign(data, 0, rows, assignments, distances, 0);
        return new Clustering(k, dim, centroids, assignments, inertia, (int) Math.min(Integer.MAX_VALUE, step));
    }

    /**
     * Centres whose count is below 1% of the largest move to random rows of the batch (at most half the batch) and
     * take the smallest count among the others, so that they move by a small rate from there on.
     */
    static void reassignStranded(long[] counts, float[] batchRows, int batch, int dim, float[] centroids,
                                         SplittableRandom random) {
        long largest = 0;
        for (long count : counts) {
            largest = Math.max(largest, count);
        }
        long threshold = (long) Math.ceil(STRANDED * largest);
        long smallestKept = Long.MAX_VALUE;
        for (long count : counts) {
            if (count >= threshold) {
                smallestKept = Math.min(smallestKept, count);
            }
        }
        int moved = 0;
        for (int c = 0; c < counts.length && moved < batch / 2; c++) {
            if (counts[c] < threshold) {
                System.arraycopy(batchRows, random.nextInt(batch) * dim, centroids, c * dim, dim);
                counts[c] = smallestKept;
                moved++;
            }
        }
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** {@code size} distinct rows of {@code rows}, drawn uniformly. */
    private static int[] sample(int rows, int size, SplittableRandom random) {
        int[] all = identity(rows);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(rows - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        return Arrays.copyOf(all, size);
    }
}
