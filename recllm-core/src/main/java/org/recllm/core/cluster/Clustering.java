package org.recllm.core.cluster;

/**
 * The result of {@link KMeans}: {@code centroids} [k × dim], each row's cluster, the inertia (sum of squared distances
 * to the assigned centroid) and how many passes or mini-batches it took.
 */
public record Clustering(int k, int dim, float[] centroids, int[] assignments, double inertia, int iterations) {

    /** The number of rows in each cluster. */
    public int[] sizes() {
        int[] sizes = new int[k];
        for (int cluster : assignments) {
            sizes[cluster]++;
        }
        return sizes;
    }
}
