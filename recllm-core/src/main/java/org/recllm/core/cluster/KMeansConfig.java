package org.recllm.core.cluster;

/**
 * How {@link KMeans} clusters: {@code k} centroids seeded by k-means++; then full Lloyd iterations
 * ({@code batchSize} 0) or Sculley's mini-batch updates over {@code batchSize} rows at a time (for millions of rows).
 * It stops after {@code maxIterations} (Lloyd: passes; mini-batch: epochs over the rows), once a Lloyd pass lowers the
 * inertia by less than {@code tolerance} of it, or after {@code patience} mini-batches without a better smoothed
 * batch inertia.
 */
public record KMeansConfig(int k, int maxIterations, double tolerance, int batchSize, int patience, long seed) {

    public KMeansConfig {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (maxIterations < 1 || batchSize < 0 || patience < 1 || !(tolerance >= 0)) {
            throw new IllegalArgumentException("iterations and patience must be positive, batch and tolerance ≥ 0");
        }
    }

    /** This configuration with mini-batches of {@code rows} (0: Lloyd passes). */
    public KMeansConfig withBatchSize(int rows) {
        return new KMeansConfig(k, maxIterations, tolerance, rows, patience, seed);
    }

    /** Lloyd's algorithm: at most 300 passes, stopping below a 1e-4 relative inertia change. */
    public static KMeansConfig lloyd(int k, long seed) {
        return new KMeansConfig(k, 300, 1e-4, 0, 1, seed);
    }

    /** Mini-batches of 1,024 rows (scikit-learn's default) for at most 100 epochs, stopping after 10 without a gain. */
    public static KMeansConfig miniBatch(int k, long seed) {
        return new KMeansConfig(k, 100, 0, 1024, 10, seed);
    }
}
