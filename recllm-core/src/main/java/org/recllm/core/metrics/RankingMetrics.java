package org.recllm.core.metrics;

/**
 * NDCG@k and HitRate@k with binary relevance, averaged over groups (queries/users) that hold at least one positive.
 * Rows are ranked by descending score; among equal scores negatives rank first, so a model that cannot separate
 * items earns no credit from the order they happened to arrive in.
 */
public final class RankingMetrics {
    private RankingMetrics() {}

    /** NDCG@k and HitRate@k of one evaluation. */
    public record Result(int k, double ndcg, double hitRate, int groups) {}

    public static Result atK(float[] scores, float[] labels, int[] groups, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        int n = scores.length;
        MetricInputs.checkGroupedLengths(n, labels.length, groups.length);
        int[] order = Groups.orderByGroup(groups);
        long[] keys = new long[n];
        double ndcgSum = 0;
        double hitSum = 0;
        int counted = 0;
        int start = 0;
        while (start < n) {
            int group = groups[order[start]];
            int end = start;
            int positives = 0;
            while (end < n && groups[order[end]] == group) {
                int row = order[end];
                int label = MetricInputs.binaryLabel(labels[row], row);
                positives += label;
                // Ascending sort of (-score, label): best score first, and on ties the negative (0) first.
                keys[end] = -ScoreKeys.pack(scores[row], row) << 1 | label;
                end++;
            }
            if (positives > 0) {
                java.util.Arrays.sort(keys, start, end);
                double dcg = 0;
                boolean hit = false;
                for (int rank = 0; rank < Math.min(k, end - start); rank++) {
                    if ((keys[start + rank] & 1) == 1) {
                        dcg += 1 / log2(rank + 2);
                        hit = true;
                    }
                }
                double ideal = 0;
                for (int rank = 0; rank < Math.min(k, positives); rank++) {
                    ideal += 1 / log2(rank + 2);
                }
                ndcgSum += dcg / ideal;
                hitSum += hit ? 1 : 0;
                counted++;
            }
            start = end;
        }
        if (counted == 0) {
            return new Result(k, Double.NaN, Double.NaN, 0);
        }
        return new Result(k, ndcgSum / counted, hitSum / counted, counted);
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }
}
