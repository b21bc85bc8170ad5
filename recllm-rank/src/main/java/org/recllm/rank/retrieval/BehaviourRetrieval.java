package org.recllm.rank.retrieval;

import org.recllm.data.store.IntColumnView;

/**
 * ReLLa's semantic user behaviour retrieval: of a row's history, the {@code k} steps whose items are most similar to
 * the target item (cosine of their item vectors; the more recent step on ties), given back in time order so the
 * prompt still reads as a history. Histories are stored right-aligned, latest last.
 */
public final class BehaviourRetrieval {
    private final ItemVectors vectors;
    private final int k;

    public BehaviourRetrieval(ItemVectors vectors, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.vectors = vectors;
        this.k = k;
    }

    public int k() {
        return k;
    }

    /**
     * @return per row, {@code k} history positions (column indices of the history fields) in increasing order, −1 first
     *         where the row has fewer than {@code k} steps
     */
    public int[] retrieve(IntColumnView targets, IntColumnView history, IntColumnView lengths) {
        int rows = targets.rows();
        int width = history.width();
        int[] chosen = new int[rows * k];
        float[] scores = new float[width];
        boolean[] taken = new boolean[width];
        for (int row = 0; row < rows; row++) {
            int target = targets.get(row);
            int valid = Math.min(lengths.get(row), width);
            int first = width - valid;
            for (int j = first; j < width; j++) {
                int item = history.get(row, j);
                scores[j] = item < vectors.ids() && target < vectors.ids() ? vectors.cosine(target, item) : -2f;
                taken[j] = false;
            }
            int picks = Math.min(k, valid);
            for (int p = 0; p < picks; p++) {
                int best = -1;
                for (int j = width - 1; j >= first; j--) {
                    if (!taken[j] && (best < 0 || scores[j] > scores[best])) {
                        best = j;
                    }
                }
                taken[best] = true;
            }
            int out = row * k + k - picks;
            java.util.Arrays.fill(chosen, row * k, out, -1);
            for (int j = first; j < width; j++) {
                if (taken[j]) {
                    chosen[out++] = j;
                }
            }
        }
        return chosen;
    }
}
