package org.recllm.data.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;

/**
 * The summary written as {@code stats.json}: rows and positive rate per split, vocabulary sizes, and per split the
 * histogram of behaviour-sequence lengths (index = length).
 */
public record StoreStats(
        StoreInfo info,
        Map<String, SplitStats> splits,
        Map<String, Integer> vocabularySizes,
        Map<String, Map<String, long[]>> sequenceLengthHistograms) {

    /** Rows, positives, their rate, and how many distinct users and items the split holds (0 without entities). */
    public record SplitStats(int rows, long positives, double positiveRate, int users, int items,
                             double oovItemRate) {}

    public static StoreStats of(SampleSet set) {
        Map<String, SplitStats> splits = new LinkedHashMap<>();
        Map<String, Map<String, long[]>> histograms = new LinkedHashMap<>();
        String itemField = set.schema().idField(FieldRole.ITEM_ID).map(FieldSpec::name).orElse(null);
        for (Split split : Split.values()) {
            SplitColumns columns = set.splits().get(split);
            splits.put(split.id(), splitStats(columns, itemField));
            Map<String, long[]> perGroup = new LinkedHashMap<>();
            for (String group : set.schema().sequenceGroups()) {
                int length = set.schema().sequence(group).getFirst().width();
                long[] histogram = new long[length + 1];
                for (int value : ((Column.Ints) columns.column(Schema.lengthColumn(group))).values()) {
                    histogram[value]++;
                }
                perGroup.put(group, histogram);
            }
            histograms.put(split.id(), perGroup);
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        set.vocabularies().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sizes.put(e.getKey(), e.getValue().size()));
        return new StoreStats(set.info(), splits, sizes, histograms);
    }

    private static SplitStats splitStats(SplitColumns columns, String itemField) {
        float[] labels = ((Column.Floats) columns.column(Columns.LABEL)).values();
        long positives = 0;
        for (float label : labels) {
            positives += (long) label;
        }
        boolean hasEntities = columns.columns().containsKey(Columns.USER) && columns.columns().containsKey(Columns.ITEM);
        int[] users = hasEntities ? ((Column.Ints) columns.column(Columns.USER)).values() : new int[0];
        int[] items = hasEntities ? ((Column.Ints) columns.column(Columns.ITEM)).values() : new int[0];
        double oovRate = 0;
        if (itemField != null && labels.length > 0) {
            int[] itemIds = ((Column.Ints) columns.column(itemField)).values();
            long oov = 0;
            for (int id : itemIds) {
                oov += id == Vocabulary.OOV ? 1 : 0;
            }
            oovRate = oov / (double) labels.length;
        }
        return new SplitStats(labels.length, positives, labels.length == 0 ? 0 : positives / (double) labels.length,
                (int) java.util.Arrays.stream(users).distinct().count(),
                (int) java.util.Arrays.stream(items).distinct().count(), oovRate);
    }
}
