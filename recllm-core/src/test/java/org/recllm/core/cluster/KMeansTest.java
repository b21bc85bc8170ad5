package org.recllm.core.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** k-means on Gaussian blobs with known members: both variants recover them; assignments are the true nearest. */
class KMeansTest {
    private static final int DIM = 12;
    private static final int BLOBS = 6;
    private static final int PER_BLOB = 700;

    @Test
    void lloydRecoversWellSeparatedBlobsAndReportsItsInertiaExactly() {
        Blobs blobs = blobs(11);
        Clustering clustering = KMeans.fit(blobs.data, blobs.rows(), DIM, KMeansConfig.lloyd(BLOBS, 3));
        assertEquals(1.0, purity(clustering.assignments(), blobs.labels), 1e-12);
        assertNearestAndInertia(blobs.data, clustering);
        assertTrue(clustering.iterations() < 20, "passes: " + clustering.iterations());
        assertArrayEquals(clustering.assignments(), KMeans.fit(blobs.data, blobs.rows(), DIM, KMeansConfig.lloyd(BLOBS, 3))
                .assignments(), "a seed gives one clustering");
    }

    @Test
    void miniBatchesRecoverThemToo() {
        Blobs blobs = blobs(12);
        KMeansConfig config = new KMeansConfig(BLOBS, 50, 0, 256, 10, 5);
        Clustering clustering = KMeans.fit(blobs.data, blobs.rows(), DIM, config);
        assertTrue(purity(clustering.assignments(), blobs.labels) > 0.99, "purity " + purity(clustering.assignments(), blobs.labels));
        assertNearestAndInertia(blobs.data, clustering);
        Clustering lloyd = KMeans.fit(blobs.data, blobs.rows(), DIM, KMeansConfig.lloyd(BLOBS, 5));
        assertTrue(clustering.inertia() < 1.05 * lloyd.inertia(), clustering.inertia() + " vs Lloyd " + lloyd.inertia());
    }

    @Test
    void theSilhouetteIsHighForSeparatedBlobsAndMatchesItsDefinition() {
        Blobs blobs = blobs(13);
        Clustering clustering = KMeans.fit(blobs.data, blobs.rows(), DIM, KMeansConfig.lloyd(BLOBS, 3));
        double separated = Silhouette.sampled(blobs.data, blobs.rows(), DIM, clustering.assignments(), BLOBS, 1000, 1);
        assertTrue(separated > 0.8, "silhouette " + separated);
        // Exact, by hand: points 0, 1 in cluster 0 and 10, 12 in cluster 1, on a line.
        float[] line = {0, 1, 10, 12};
        double s0 = (((10 + 12) / 2.0) - 1) / ((10 + 12) / 2.0);
        double s1 = (((9 + 11) / 2.0) - 1) / ((9 + 11) / 2.0);
        double s2 = (((10 + 9) / 2.0) - 2) / ((10 + 9) / 2.0);
        double s3 = (((12 + 11) / 2.0) - 2) / ((12 + 11) / 2.0);
        assertEquals((s0 + s1 + s2 + s3) / 4, Silhouette.sampled(line, 4, 1, new int[] {0, 0, 1, 1}, 2, 10, 1), 1e-9);
    }

    @Test
    void strandedMiniBatchCentresMoveToBatchRowsWithTheSmallestKeptCount() {
        long[] counts = {1000, 5, 800, 0};
        float[] centroids = {1, 1, 2, 2, 3, 3, 4, 4};
        float[] batch = {7, 7, 7, 7, 7, 7, 7, 7};
        KMeans.reassignStranded(counts, batch, 4, 2, centroids, new SplittableRandom(1));
        assertArrayEquals(new long[] {1000, 800, 800, 800}, counts);
        assertArrayEquals(new float[] {1, 1, 7, 7, 3, 3, 7, 7}, centroids);
        // At most half a batch moves at once.
        long[] many = {1000, 0, 0, 0};
        KMeans.reassignStranded(many, batch, 2, 2, centroids, new SplittableRandom(1));
        assertArrayEquals(new long[] {1000, 1000, 0, 0}, many);
    }

    @Test
    void fewerRowsThanClustersIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> KMeans.fit(new float[8], 4, 2, KMeansConfig.lloyd(5, 1)));
        assertTrue(e.getMessage().contains("k = 5"), e.getMessage());
    }

    /** Every row is assigned to its nearest centroid (brute force) and the inertia is the sum of those distances. */
    private static void assertNearestAndInertia(float[] data, Clustering clustering) {
        double inertia = 0;
        int rows = clustering.assignments().length;
        for (int r = 0; r < rows; r++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < clustering.k(); c++) {
                best = Math.min(best, squared(data, r, clustering.centroids(), c));
            }
            double assigned = squared(data, r, clustering.centroids(), clustering.assignments()[r]);
            assertEquals(best, assigned, 1e-3 * (1 + best), "row " + r);
            inertia += assigned;
        }
        assertEquals(inertia, clustering.inertia(), 1e-4 * inertia);
    }

    private static double squared(float[] data, int row, float[] centroids, int c) {
        double sum = 0;
        for (int d = 0; d < DIM; d++) {
            double diff = data[row * DIM + d] - centroids[c * DIM + d];
            sum += diff * diff;
        }
        return sum;
    }

    /** The share of rows whose cluster's majority label is their own. */
    private static double purity(int[] assignments, int[] labels) {
        Map<Integer, Map<Integer, Integer>> counts = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            counts.computeIfAbsent(assignments[i], c -> new HashMap<>()).merge(labels[i], 1, Integer::sum);
        }
        int majority = counts.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).max().orElse(0)).sum();
        return (double) majority / labels.length;
    }

    private record Blobs(float[] data, int[] labels) {
        int rows() {
            return labels.length;
        }
    }

    /** Six unit-variance Gaussian blobs whose centres are 20 apart along their own axis. */
    private static Blobs blobs(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int rows = BLOBS * PER_BLOB;
        float[] data = new float[rows * DIM];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            int blob = r % BLOBS;
            labels[r] = blob;
            for (int d = 0; d < DIM; d++) {
                data[r * DIM + d] = (float) (gaussian(random) + (d == blob ? 20 : 0));
            }
        }
        return new Blobs(data, labels);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
