package org.recllm.core.cluster;

/**
 * The result of {@link ResidualKMeans}: {@code codebooks} [levels × k × dim], each row's code per level
 * ({@code codes[row * levels + level]}), and after each level the squared norm of what is still unexplained, summed
 * over the rows ({@code inertia[levels - 1]} is the quantisation error of the whole tuple).
 */
public record ResidualCodes(int levels, int k, int dim, float[] codebooks, int[] codes, double[] inertia) {

    public ResidualCodes {
        if (codebooks.length != (long) levels * k * dim || codes.length % levels != 0 || inertia.length != levels) {
            throw new IllegalArgumentException("codebooks, codes and inertia do not match " + levels + " levels of " + k
                    + " codes of " + dim + " values");
        }
    }

    public int rows() {
        return codes.length / levels;
    }

    /**
     * The codes of a new vector by the same greedy rule that made the stored ones (nearest centroid of what is left at
     * each level); {@code residual} is a scratch array of {@code dim} values, {@code out} receives {@code levels} codes.
     */
    public void encode(float[] vector, float[] residual, int[] out) {
        System.arraycopy(vector, 0, residual, 0, dim);
        for (int level = 0; level < levels; level++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                int centre = (level * k + c) * dim;
                double distance = 0;
                for (int j = 0; j < dim; j++) {
                    double d = residual[j] - codebooks[centre + j];
                    distance += d * d;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            out[level] = best;
            int centre = (level * k + best) * dim;
            for (int j = 0; j < dim; j++) {
                residual[j] -= codebooks[centre + j];
            }
        }
    }

    /** The sum of the chosen centroids of {@code row}: its vector as the codes reconstruct it, into {@code out}. */
    public void reconstruct(int row, float[] out) {
        java.util.Arrays.fill(out, 0, dim, 0f);
        for (int level = 0; level < levels; level++) {
            int centre = (level * k + codes[row * levels + level]) * dim;
            for (int j = 0; j < dim; j++) {
                out[j] += codebooks[centre + j];
            }
        }
    }
}
