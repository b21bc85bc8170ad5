package org.recllm.knowledge.encoder;

/**
 * A sentence vector from token states as sentence-transformers makes it: the mean over the tokens, scaled to unit
 * length so that a dot product is the cosine similarity.
 */
public final class MeanPooling {
    private MeanPooling() {}

    /** {@code states} is row-major {@code [length, dimension]}. */
    static float[] pool(float[] states, int length, int dimension) {
        float[] vector = new float[dimension];
        addTokens(states, length, dimension, vector);
        return unit(vector);
    }

    /**
     * Adds the token states to {@code sum}: the mean's 1/length cancels in the scaling to unit length, so a text
     * encoded in windows pools as the sum over all its windows' tokens, scaled once.
     */
    static void addTokens(float[] states, int length, int dimension, float[] sum) {
        for (int token = 0; token < length; token++) {
            int offset = token * dimension;
            for (int d = 0; d < dimension; d++) {
                sum[d] += states[offset + d];
            }
        }
    }

    /** {@code vector} scaled in place to unit length (a zero vector stays zero). */
    static float[] unit(float[] vector) {
        unit(vector, 0, vector.length);
        return vector;
    }

    /** {@code values[offset, offset + length)} scaled in place to unit length (a zero vector stays zero). */
    public static void unit(float[] values, int offset, int length) {
        double squares = 0;
        for (int i = 0; i < length; i++) {
            squares += (double) values[offset + i] * values[offset + i];
        }
        if (squares > 0) {
            float scale = (float) (1 / Math.sqrt(squares));
            for (int i = 0; i < length; i++) {
                values[offset + i] *= scale;
            }
        }
    }
}
