package org.recllm.knowledge.experiment;

import java.util.ArrayList;
import java.util.List;
import org.recllm.core.metrics.Auc;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.SampleStore;

/**
 * Test AUC by how often the test row's item (or user) was rated in training: cold items and users (few training
 * ratings) are where knowledge from outside the interaction data should matter most. Buckets by the field
 * vocabulary's training counts; ids unseen in training count 0.
 */
public final class PopularityBreakdown {
    /** Upper bounds (exclusive) of the buckets; the last bucket is open. */
    public static final int[] BOUNDS = {10, 50, 200};

    private final int[] bucketOfRow;
    private final float[] labels;
    private final int[] rowsPerBucket = new int[BOUNDS.length + 1];

    /** @param field the field whose ids are counted: the item id's or the user id's */
    public PopularityBreakdown(SampleStore store, String field) {
        var test = store.split(Split.TEST);
        Vocabulary items = store.vocabulary(store.schema().field(field).vocabulary());
        var ids = test.ints(field);
        this.labels = test.labels().toArray();
        this.bucketOfRow = new int[test.rows()];
        for (int row = 0; row < test.rows(); row++) {
            long count = items.count(ids.get(row));
            int bucket = 0;
            while (bucket < BOUNDS.length && count >= BOUNDS[bucket]) {
                bucket++;
            }
            bucketOfRow[row] = bucket;
            rowsPerBucket[bucket]++;
        }
    }

    /** Bucket labels such as "<10", "10–49", "≥200". */
    public static List<String> labels() {
        List<String> names = new ArrayList<>();
        for (int b = 0; b <= BOUNDS.length; b++) {
            names.add(b == 0 ? "<" + BOUNDS[0] : b == BOUNDS.length ? "≥" + BOUNDS[b - 1] : BOUNDS[b - 1] + "–" + (BOUNDS[b] - 1));
        }
        return names;
    }

    public int[] rowsPerBucket() {
        return rowsPerBucket.clone();
    }

    /** Test AUC per bucket for one run's test probabilities (NaN for a bucket with one class). */
    public double[] auc(float[] testScores) {
        double[] result = new double[BOUNDS.length + 1];
        for (int b = 0; b <= BOUNDS.length; b++) {
            float[] scores = new float[rowsPerBucket[b]];
            float[] bucketLabels = new float[rowsPerBucket[b]];
            int n = 0;
            for (int row = 0; row < bucketOfRow.length; row++) {
                if (bucketOfRow[row] == b) {
                    scores[n] = testScores[row];
                    bucketLabels[n++] = labels[row];
                }
            }
            result[b] = n == 0 ? Double.NaN : Auc.of(scores, bucketLabels);
        }
        return result;
    }
}
