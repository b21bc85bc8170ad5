package org.recllm.knowledge.encoder;

/**
 * Sentence vectors from token states as sentence-transformers makes them: the mean over the tokens the attention mask
 * keeps (padding excluded), scaled to unit length so that a dot product is the cosine similarity.
 */
final class MeanPooling {
    private MeanPooling() {}

    /** {@code states} is row-major {@code [size, length, dimension]}, {@code mask} {@code [size, length]}. */
    static float[][] pool(float[] states, long[] mask, int size, int length, int dimension) {
        float[][] vectors = new float[size][dimension];
        for (int row = 0; row < size; row++) {
            float[] vector = vectors[row];
            // The mean's 1/count cancels in the scaling to unit length, so the masked sum is all that is needed.
            for (int token = 0; token < length; token++) {
                if (mask[row * length + token] != 0) {
                    int offset = (row * length + token) * dimension;
                    for (int d = 0; d < dimension; d++) {
                        vector[d] += states[offset + d];
                    }
                }
            }
            scaleToUnitLength(vector);
        }
        return vectors;
    }

    private static void scaleToUnitLength(float[] vector) {
        double squares = 0;
        for (float value : vector) {
            squares += (double) value * value;
        }
        if (squares > 0) {
            float scale = (float) (1 / Math.sqrt(squares));
            for (int d = 0; d < vector.length; d++) {
                vector[d] *= scale;
            }
        }
    }
}
