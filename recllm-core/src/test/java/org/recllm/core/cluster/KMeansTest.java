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
    void strandedMiniBatchCentresMoveToDistinctBatchRowsWithTheSmallestKeptCount() {
        long[] counts = {1000, 5, 800, 0};
        float[] centroids = {1, 1, 2, 2, 3, 3, 4, 4};
        float[] batch = {10, 10, 20, 20, 30, 30, 40, 40};
        KMeans.reassignStranded(counts, batch, 4, 2, centroids, new SplittableRandom(1), new int[4], new int[4]);
        assertArrayEquals(new long[] {1000, 800, 800, 800}, counts);
        assertEquals(1f, centroids[0]);
        assertEquals(3f, centroids[4]);
        assertTrue(centroids[2] % 10 == 0 && centroids[6] % 10 == 0 && centroids[2] != centroids[6],
                "two distinct batch rows: " + centroids[2] + ", " + centroids[6]);
        // At most half a batch moves at once: the centres with the smallest counts.
        long[] many = {1000, 3, 0, 2};
        KMeans.reassignStranded(many, batch, 2, 2, centroids, new SplittableRandom(1), new int[4], new int[2]);
        assertArrayEquals(new long[] {1000, 3, 2, 2}, many);
    }

    @Test
    void aLloydRunCutShortReturnsTheAssignmentOfItsOwnCentroids() {
        SplittableRandom random = new SplittableRandom(3);
        float[] uniform = new float[3000 * DIM];
        for (int i = 0; i < uniform.length; i++) {
            uniform[i] = (float) random.nextDouble();
        }
        Clustering cut = KMeans.fit(uniform, 3000, DIM, new KMeansConfig(10, 2, 0, 0, 1, 4));
        assertEquals(2, cut.iterations(), "no clusters to find: two passes do not converge");
        assertNearestAndInertia(uniform, cut);
    }

    @Test
    void everyRowGoesToItsNearestCentroidWhenKSpansSeveralVectorsAndATail() {
        SplittableRandom random = new SplittableRandom(8);
        float[] uniform = new float[4000 * DIM];
        for (int i = 0; i < uniform.length; i++) {
            uniform[i] = (float) random.nextDouble();
        }
        // 37 = two vectors of 16 lanes (AVX-512) or four of 8 (AVX2), and a scalar tail.
        assertNearestAndInertia(uniform, KMeans.fit(uniform, 4000, DIM, new KMeansConfig(37, 3, 0, 0, 1, 2)));
        assertNearestAndInertia(uniform, KMeans.fit(uniform, 4000, DIM, new KMeansConfig(37, 2, 0, 512, 10, 2)));
    }

    @Test
    void anEmptyClusterTakesTheFarthestRowOutOfItsOldCluster() {
        float[] data = {0, 1, 9};
        int[] assignments = {0, 0, 0};
        float[] distances = {1, 0, 64};
        double[] sums = {10, 0};
        int[] counts = {3, 0};
        KMeans.relocateEmpty(data, 1, assignments, distances, sums, counts);
        assertArrayEquals(new int[] {0, 0, 1}, assignments);
        assertArrayEquals(new int[] {2, 1}, counts);
        assertArrayEquals(new double[] {1, 9}, sums);
    }

    @Test
    void duplicatesGiveASilhouetteOfZeroNotNaN() {
        float[] same = {5, 5, 5, 5};
        assertEquals(0.0, Silhouette.sampled(same, 4, 1, new int[] {0, 0, 1, 1}, 2, 10, 1));
    }

    @Test
    void nonFiniteValuesAreRefused() {
        float[] data = {0, 1, Float.NaN, 3};
        var e = assertThrows(IllegalArgumentException.class, () -> KMeans.fit(data, 4, 1, KMeansConfig.lloyd(2, 1)));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
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
                data[r * DIM + d] = (float) (random.nextGaussian() + (d == blob ? 20 : 0));
            }
        }
        return new Blobs(data, labels);
    }

}
