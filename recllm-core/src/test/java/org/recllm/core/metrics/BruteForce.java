package org.recllm.core.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reference implementations by the definitions, quadratic and obviously right, to check the fast metrics against. */
final class BruteForce {
    private BruteForce() {}

    /** Every positive-negative pair: 1 when the positive scores higher, 1/2 on a tie (float ==, so -0.0 ties 0.0). */
    static double auc(float[] scores, float[] labels) {
        double won = 0;
        long positives = 0;
        long negatives = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] == 1) {
                positives++;
            } else {
                negatives++;
            }
            for (int j = 0; j < scores.length; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    won += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        return positives == 0 || negatives == 0 ? Double.NaN : won / ((double) positives * negatives);
    }

    /** Brute AUC per group, weighted by the group's rows; single-class groups left out. */
    static double groupAuc(float[] scores, float[] labels, int[] groups) {
        double weighted = 0;
        long weight = 0;
        for (List<Integer> rows : rowsByGroup(groups).values()) {
            double auc = auc(pick(scores, rows), pick(labels, rows));
            if (!Double.isNaN(auc)) {
                weighted += auc * rows.size();
                weight += rows.size();
            }
        }
        return weight == 0 ? Double.NaN : weighted / weight;
    }

    /**
     * NDCG@k and HitRate@k by sorting each group's rows by score, descending, negatives before positives on a tie,
     * and summing 1/log2(rank + 1) over positives in the top k (rank 1-based); groups without positives left out.
     */
    static RankingMetrics.Result ranking(float[] scores, float[] labels, int[] groups, int k) {
        double ndcg = 0;
        double hits = 0;
        int counted = 0;
        for (List<Integer> rows : rowsByGroup(groups).values()) {
            List<Integer> ranked = new ArrayList<>(rows);
            // Double.compare would order -0.0 before 0.0; adding 0 turns -0.0 into 0.0 so the two tie as they do under ==.
            ranked.sort(Comparator.<Integer>comparingDouble(row -> -(scores[row] + 0f))
                    .thenComparingDouble(row -> labels[row]));
            long positives = rows.stream().filter(row -> labels[row] == 1).count();
            if (positives == 0) {
                continue;
            }
            double dcg = 0;
            boolean hit = false;
            for (int rank = 1; rank <= Math.min(k, ranked.size()); rank++) {
                if (labels[ranked.get(rank - 1)] == 1) {
                    dcg += discount(rank);
                    hit = true;
                }
            }
            double ideal = 0;
            for (int rank = 1; rank <= Math.min(k, positives); rank++) {
                ideal += discount(rank);
            }
            ndcg += dcg / ideal;
            hits += hit ? 1 : 0;
            counted++;
        }
        return counted == 0
                ? new RankingMetrics.Result(k, Double.NaN, Double.NaN, 0)
                : new RankingMetrics.Result(k, ndcg / counted, hits / counted, counted);
    }

    /** 1 / log2(rank + 1) for a 1-based rank. */
    static double discount(int rank) {
        return Math.log(2) / Math.log(rank + 1);
    }

    private static Map<Integer, List<Integer>> rowsByGroup(int[] groups) {
        Map<Integer, List<Integer>> byGroup = new TreeMap<>();
        for (int row = 0; row < groups.length; row++) {
            byGroup.computeIfAbsent(groups[row], g -> new ArrayList<>()).add(row);
        }
        return byGroup;
    }

    private static float[] pick(float[] values, List<Integer> rows) {
        float[] picked = new float[rows.size()];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = values[rows.get(i)];
        }
        return picked;
    }
}
