package org.recllm.bench;

/**
 * Embedding forward and backward the way a dense framework does them: rows are gathered with scalar copies, and the
 * backward pass zeroes and fills a gradient as large as the whole table, whatever the batch touched. Same semantics
 * as {@code Embeddings.lookup} / {@code Embeddings.pooled} with MEAN pooling: id 0 is padding (zero row, no gradient).
 */
final class NaiveEmbeddings {
    private NaiveEmbeddings() {}

    /** Row 0 of {@code w} is the zero padding row, so padding ids need no branch. */
    static void lookup(float[] w, int dim, int[] ids, int count, float[] y) {
        for (int i = 0; i < count; i++) {
            int id = ids[i];
            for (int j = 0; j < dim; j++) {
                y[i * dim + j] = w[id * dim + j];
            }
        }
    }

    /** gradTable (rows × dim) = scatter-add of gy over ids; the full table is cleared first. */
    static void lookupBackward(int dim, int[] ids, int count, float[] gy, float[] gradTable) {
        java.util.Arrays.fill(gradTable, 0f);
        for (int i = 0; i < count; i++) {
            int id = ids[i];
            if (id != 0) {
                for (int j = 0; j < dim; j++) {
                    gradTable[id * dim + j] += gy[i * dim + j];
                }
            }
        }
    }

    /** y[r] = mean of the non-padding rows among ids[r*width .. r*width+width); scales[r] keeps 1/present. */
    static void pooledMean(float[] w, int dim, int[] ids, int rows, int width, float[] y, float[] scales) {
        for (int r = 0; r < rows; r++) {
            int present = 0;
            for (int j = 0; j < width; j++) {
                if (ids[r * width + j] != 0) {
                    present++;
                }
            }
            float scale = present > 0 ? 1f / present : 1f;
            scales[r] = scale;
            java.util.Arrays.fill(y, r * dim, r * dim + dim, 0f);
            for (int j = 0; j < width; j++) {
                int id = ids[r * width + j];
                if (id != 0) {
                    for (int d = 0; d < dim; d++) {
                        y[r * dim + d] += scale * w[id * dim + d];
                    }
                }
            }
        }
    }

    static void pooledBackward(int dim, int[] ids, int rows, int width, float[] scales, float[] gy, float[] gradTable) {
        java.util.Arrays.fill(gradTable, 0f);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                int id = ids[r * width + j];
                if (id != 0) {
                    for (int d = 0; d < dim; d++) {
                        gradTable[id * dim + d] += scales[r] * gy[r * dim + d];
                    }
                }
            }
        }
    }
}
