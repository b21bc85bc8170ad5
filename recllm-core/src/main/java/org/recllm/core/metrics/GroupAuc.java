package org.recllm.core.metrics;

/**
 * Group AUC: the AUC within each group (usually a user), averaged with each group weighted by its number of rows.
 * Groups whose rows hold a single class have no AUC and are left out, as in the DIN paper's definition.
 */
public final class GroupAuc {
    private GroupAuc() {}

    /** @return the weighted mean AUC, or NaN when no group holds both classes */
    public static double of(float[] scores, float[] labels, int[] groups) {
        int n = scores.length;
        MetricInputs.checkGroupedLengths(n, labels.length, groups.length);
        int[] order = Groups.orderByGroup(groups);
        long[] keys = new long[n];
        double weightedSum = 0;
        long weight = 0;
        int start = 0;
        while (start < n) {
            int group = groups[order[start]];
            int end = start;
            while (end < n && groups[order[end]] == group) {
                int row = order[end];
                keys[end] = ScoreKeys.pack(scores[row], row) << 1 | MetricInputs.binaryLabel(labels[row], row);
                end++;
            }
            double auc = Auc.sortedKeysAuc(keys, start, end);
            if (!Double.isNaN(auc)) {
                weightedSum += auc * (end - start);
                weight += end - start;
            }
            start = end;
        }
        return weight == 0 ? Double.NaN : weightedSum / weight;
    }
}
