package org.recllm.core.cluster;

/**
 * Residual k-means (residual vector quantisation): level 0 clusters the rows; each further level clusters what the
 * levels before it left unexplained (the row minus the centroids chosen so far). A row's codes, one per level, name a
 * coarse region first and finer corrections after, so rows sharing a prefix of codes are near each other — the
 * property that makes the code tuple a semantic ID. Level l's k-means is seeded with {@code config.seed() + l}.
 */
public final class ResidualKMeans {
    private ResidualKMeans() {}

    /** Quantises the {@code rows} rows of {@code data} [rows × dim] with {@code levels} codebooks of {@code config.k()}. */
    public static ResidualCodes fit(float[] data, int rows, int dim, int levels, KMeansConfig config) {
        if (levels < 1) {
            throw new IllegalArgumentException("residual k-means needs at least one level, got " + levels);
        }
        if (data.length < (long) rows * dim) {
            throw new IllegalArgumentException(rows + " rows of " + dim + " values need " + (long) rows * dim + " values");
        }
        int k = config.k();
        float[] residual = java.util.Arrays.copyOf(data, rows * dim);
        float[] codebooks = new float[levels * k * dim];
        int[] codes = new int[rows * levels];
        double[] inertia = new double[levels];
        for (int level = 0; level < levels; level++) {
            KMeansConfig levelConfig = new KMeansConfig(k, config.maxIterations(), config.tolerance(), config.batchSize(),
                    config.patience(), config.seed() + level);
            Clustering clustering = KMeans.fit(residual, rows, dim, levelConfig);
            System.arraycopy(clustering.centroids(), 0, codebooks, level * k * dim, k * dim);
            int[] assignments = clustering.assignments();
            float[] centroids = clustering.centroids();
            double remaining = 0;
            for (int r = 0; r < rows; r++) {
                codes[r * levels + level] = assignments[r];
                int centre = assignments[r] * dim;
                for (int j = 0; j < dim; j++) {
                    float left = residual[r * dim + j] - centroids[centre + j];
                    residual[r * dim + j] = left;
                    remaining += (double) left * left;
                }
            }
            inertia[level] = remaining;
        }
        return new ResidualCodes(levels, k, dim, codebooks, codes, inertia);
    }
}
