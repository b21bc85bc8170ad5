package org.recllm.core.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.recllm.core.progress.Progress;

/**
 * k-means on the rows of a row-major matrix, after scikit-learn 1.2's {@code KMeans} and {@code MiniBatchKMeans}:
 * greedy k-means++ seeding ({@link KMeansPlusPlus}; over every row for Lloyd, over 3 batches of rows drawn with
 * replacement for mini-batches), then Lloyd passes or Sculley's mini-batch updates (each centre moves towards its
 * batch members at its count-based rate). A cluster left empty by a Lloyd pass takes the rows farthest from their
 * centres (taken out of their old clusters); in mini-batch mode, whenever a centre has drawn no row yet and after
 * every 10·k rows otherwise, centres that drew fewer than 1% of the most drawn one's rows move to distinct random rows
 * of the batch. Distances come from one GEMM per block of rows; buffers are allocated before the loops.
 */
public final class KMeans {
    /** A mini-batch centre drawing less than this share of the most drawn centre's rows is moved. */
    private static final double STRANDED = 0.01;

    private KMeans() {}

    /** Clusters the {@code rows} rows of {@code data} [rows × dim]; the assignments match the returned centroids. */
    public static Clustering fit(float[] data, int rows, int dim, KMeansConfig config) {
        int k = config.k();
        if (rows < k) {
            throw new IllegalArgumentException("k-means with k = " + k + " needs at least " + k + " rows, got " + rows);
        }
        if (data.length < (long) rows * dim) {
            throw new IllegalArgumentException(rows + " rows of " + dim + " values need " + (long) rows * dim + " values");
        }
        for (int i = 0; i < rows * dim; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("row " + i / dim + " holds " + data[i] + " at " + i % dim
                        + "; k-means needs finite values");
            }
        }
        SplittableRandom random = new SplittableRandom(config.seed());
        float[] centroids = new float[k * dim];
        if (config.batchSize() == 0) {
            KMeansPlusPlus.seed(data, rows, dim, k, random, centroids);
            return lloyd(data, rows, dim, config, centroids);
        }
        int batch = Math.min(config.batchSize(), rows);
        int initSize = 3 * batch < k ? 3 * k : 3 * batch;
        int[] initRows = new int[Math.min(rows, initSize)];
        for (int i = 0; i < initRows.length; i++) {
            initRows[i] = random.nextInt(rows);
        }
        KMeansPlusPlus.seed(Sampling.gather(data, initRows, dim), initRows.length, dim, k, random, centroids);
        return miniBatch(data, rows, dim, config, batch, centroids, random);
    }

    private static Clustering lloyd(float[] data, int rows, int dim, KMeansConfig config, float[] centroids) {
        int k = config.k();
        NearestCentroid nearest = new NearestCentroid(centroids, k, dim);
        int[] assignments = new int[rows];
        float[] distances = new float[rows];
        double[] sums = new double[k * dim];
        int[] counts = new int[k];
        double previous = Double.POSITIVE_INFINITY;
        double inertia;
        int passes = 0;
        try (Progress progress = Progress.start("k-means (Lloyd, k = " + k + ")", "passes", config.maxIterations())) {
            while (true) {
                inertia = nearest.assign(data, rows, assignments, distances);
                passes++;
                progress.advance(1);
                progress.status(String.format(Locale.ROOT, "inertia %.6g", inertia));
                // The assignment just made belongs to the centroids returned: stop here, never after an update.
                if (previous - inertia <= config.tolerance() * inertia || passes == config.maxIterations()) {
                    break;
                }
                previous = inertia;
                sumByCluster(data, rows, dim, assignments, sums, counts);
                relocateEmpty(data, dim, assignments, distances, sums, counts);
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < dim; j++) {
                        centroids[c * dim + j] = (float) (sums[c * dim + j] / counts[c]);
                    }
                }
                nearest.centroidsChanged();
            }
        }
        return new Clustering(k, dim, centroids, assignments, inertia, passes);
    }

    /**
     * Each empty cluster takes one of the rows farthest from their centres, taken out of its old cluster's sum and
     * count, so that every cluster has a member before the means are taken.
     */
    static void relocateEmpty(float[] data, int dim, int[] assignments, float[] distances, double[] sums, int[] counts) {
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                continue;
            }
            int farthest = -1;
            for (int r = 0; r < distances.length; r++) {
                if (counts[assignments[r]] > 1 && (farthest < 0 || distances[r] > distances[farthest])) {
                    farthest = r;
                }
            }
            int old = assignments[farthest];
            counts[old]--;
            counts[c] = 1;
            for (int j = 0; j < dim; j++) {
                sums[old * dim + j] -= data[farthest * dim + j];
                sums[c * dim + j] = data[farthest * dim + j];
            }
            assignments[farthest] = c;
            distances[farthest] = 0;
        }
    }

    private static Clustering miniBatch(float[] data, int rows, int dim, KMeansConfig config, int batch, float[] centroids,
                                        SplittableRandom random) {
        int k = config.k();
        NearestCentroid nearest = new NearestCentroid(centroids, k, dim);
        long steps = Math.max(1, (long) config.maxIterations() * rows / batch);
        float[] batchRows = new float[batch * dim];
        int[] batchAssignments = new int[batch];
        float[] batchDistances = new float[batch];
        double[] sums = new double[k * dim];
        int[] batchCounts = new int[k];
        long[] counts = new long[k];
        int[] order = new int[k];
        int[] picks = new int[batch];
        double alpha = Math.min(1, 2.0 * batch / (rows + 1));
        double smoothed = Double.NaN;
        double best = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        long sinceReassignment = 0;
        long step = 0;
        try (Progress progress = Progress.start("k-means (mini-batch " + batch + ", k = " + k + ")", "rows", steps * batch)) {
            while (step < steps && sinceBest < config.patience()) {
                for (int i = 0; i < batch; i++) {
                    System.arraycopy(data, random.nextInt(rows) * dim, batchRows, i * dim, dim);
                }
                double inertia = nearest.assign(batchRows, batch, batchAssignments, batchDistances) / batch;
                sumByCluster(batchRows, batch, dim, batchAssignments, sums, batchCounts);
                for (int c = 0; c < k; c++) {
                    if (batchCounts[c] == 0) {
                        continue;
                    }
                    counts[c] += batchCounts[c];
                    double rate = (double) batchCounts[c] / counts[c];
                    for (int j = 0; j < dim; j++) {
                        int at = c * dim + j;
                        centroids[at] = (float) (centroids[at] + rate * (sums[at] / batchCounts[c] - centroids[at]));
                    }
                }
                sinceReassignment += batch;
                if (sinceReassignment >= 10L * k || hasZero(counts)) {
                    reassignStranded(counts, batchRows, batch, dim, centroids, random, order, picks);
                    sinceReassignment = 0;
                }
                nearest.centroidsChanged();
                step++;
                // The first batch measures the seeds, not the updates: it does not enter the smoothed inertia.
                if (step > 1) {
                    smoothed = Double.isNaN(smoothed) ? inertia : smoothed * (1 - alpha) + inertia * alpha;
                    if (smoothed < best) {
                        best = smoothed;
                        sinceBest = 0;
                    } else {
                        sinceBest++;
                    }
                }
                progress.advance(batch);
                if ((step & 63) == 0) {
                    progress.status(String.format(Locale.ROOT, "batch inertia %.6g", smoothed));
                }
            }
        }
        int[] assignments = new int[rows];
        float[] distances = new float[rows];
        double inertia = nearest.assign(data, rows, assignments, distances);
        return new Clustering(k, dim, centroids, assignments, inertia, (int) Math.min(Integer.MAX_VALUE, step));
    }

    /** Each cluster's member count and the sum of its members, over the first {@code count} rows of {@code points}. */
    private static void sumByCluster(float[] points, int count, int dim, int[] assignments, double[] sums, int[] counts) {
        Arrays.fill(sums, 0);
        Arrays.fill(counts, 0);
        for (int r = 0; r < count; r++) {
            int c = assignments[r];
            counts[c]++;
            int at = r * dim;
            int to = c * dim;
            for (int j = 0; j < dim; j++) {
                sums[to + j] += points[at + j];
            }
        }
    }

    private static boolean hasZero(long[] counts) {
        for (long count : counts) {
            if (count == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Centres whose count is below 1% of the largest — at most half a batch of them, those with the smallest counts —
     * move to distinct random rows of the batch and take the smallest count among the others.
     *
     * @param order a buffer of k indices
     * @param picks a buffer of {@code batch} indices
     */
    static void reassignStranded(long[] counts, float[] batchRows, int batch, int dim, float[] centroids,
                                 SplittableRandom random, int[] order, int[] picks) {
        long largest = 0;
        for (long count : counts) {
            largest = Math.max(largest, count);
        }
        double threshold = STRANDED * largest;
        int stranded = 0;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < threshold) {
                order[stranded++] = c;
            }
        }
        if (stranded == 0 || stranded == counts.length) {
            return;
        }
        int moving = Math.min(stranded, batch / 2);
        if (moving < stranded) {
            // Keep the smallest counts among the stranded: sort their indices by count.
            Integer[] boxed = new Integer[stranded];
            for (int i = 0; i < stranded; i++) {
                boxed[i] = order[i];
            }
            Arrays.sort(boxed, (a, b) -> Long.compare(counts[a], counts[b]));
            for (int i = 0; i < stranded; i++) {
                order[i] = boxed[i];
            }
        }
        long smallestKept = Long.MAX_VALUE;
        boolean[] moved = new boolean[counts.length];
        for (int i = 0; i < moving; i++) {
            moved[order[i]] = true;
        }
        for (int c = 0; c < counts.length; c++) {
            if (!moved[c]) {
                smallestKept = Math.min(smallestKept, counts[c]);
            }
        }
        Sampling.shuffleFront(picks, batch, moving, random);
        for (int i = 0; i < moving; i++) {
            System.arraycopy(batchRows, picks[i] * dim, centroids, order[i] * dim, dim);
            counts[order[i]] = smallestKept;
        }
    }
}
