package org.recllm.core.metrics;

import java.util.Arrays;

/**
 * Exact area under the ROC curve, computed as the Mann–Whitney statistic: the probability that a random
 * positive scores above a random negative, with ties between a positive and a negative counted as one half.
 * O(n log n): one sort of packed (score, label) keys, then one pass over groups of equal score.
 */
public final class Auc {
    private Auc() {}

    /**
     * @param scores any real-valued scores (probabilities or logits); NaN is rejected
     * @param labels 0 or 1 per row
     * @return the AUC, or NaN when the labels hold only one class (AUC is undefined there)
     */
    public static double of(float[] scores, float[] labels) {
        return of(scores, labels, scores.length);
    }

    /** As {@link #of(float[], float[])} over the first {@code n} rows. */
    public static double of(float[] scores, float[] labels, int n) {
        checkLengths(scores.length, labels.length, n);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ScoreKeys.pack(scores[i], i) << 1 | MetricInputs.binaryLabel(labels[i], i);
        }
        return sortedKeysAuc(keys, 0, n);
    }

    /**
     * AUC of keys {@code keys[from, to)} built by {@link ScoreKeys#pack}{@code << 1 | label}; sorts that range in place.
     */
    static double sortedKeysAuc(long[] keys, int from, int to) {
        Arrays.sort(keys, from, to);
        double pairsWon = 0;
        long negativesBelow = 0;
        long positives = 0;
        int i = from;
        while (i < to) {
            long score = keys[i] >> 1;
            long groupPositives = 0;
            long groupNegatives = 0;
            while (i < to && keys[i] >> 1 == score) {
                if ((keys[i] & 1) == 1) {
                    groupPositives++;
                } else {
                    groupNegatives++;
                }
                i++;
            }
            pairsWon += groupPositives * (double) negativesBelow + 0.5 * groupPositives * (double) groupNegatives;
            negativesBelow += groupNegatives;
            positives += groupPositives;
        }
        long negatives = negativesBelow;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return pairsWon / ((double) positives * (double) negatives);
    }

    static void checkLengths(int scores, int labels, int n) {
        if (n < 0 || n > scores || n > labels) {
            throw new IllegalArgumentException(
                    "rows " + n + " exceed the arrays given: scores " + scores + ", labels " + labels);
        }
    }
}
