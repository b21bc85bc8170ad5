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
