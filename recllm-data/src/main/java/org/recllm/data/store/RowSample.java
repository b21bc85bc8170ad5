package org.recllm.data.store;

/**
 * A fixed subset of a split's rows spread evenly over it, so that every command that takes "N samples of this split"
 * (an LLM ranker's budget, a CTR model trained on the same budget, an evaluation limit) takes the same ones.
 */
public final class RowSample {
    private RowSample() {}

    /** Rows 0..rows−1 when {@code limit} is 0 or at least {@code rows}; otherwise {@code limit} of them at an even stride. */
    public static int[] spread(int rows, int limit) {
        if (rows < 0 || limit < 0) {
            throw new IllegalArgumentException("rows and limit must not be negative, got " + rows + " and " + limit);
        }
        int count = limit == 0 ? rows : Math.min(rows, limit);
        int[] chosen = new int[count];
        for (int i = 0; i < count; i++) {
            chosen[i] = (int) ((long) i * rows / count);
        }
        return chosen;
    }
}
