package org.recllm.core.metrics;

/** Maps float scores to integers whose signed order is the scores' numeric order, so sorting longs sorts scores. */
final class ScoreKeys {
    private ScoreKeys() {}

    /** The order-preserving integer of {@code score}, widened to long; -0.0 and 0.0 map to the same key. */
    static long pack(float score, int row) {
        if (Float.isNaN(score)) {
            throw new IllegalArgumentException("score at row " + row + " is NaN");
        }
        int bits = Float.floatToIntBits(score == 0f ? 0f : score);
        return bits < 0 ? bits ^ 0x7fffffff : bits;
    }
}
