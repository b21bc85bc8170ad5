package org.recllm.ctr.features;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recllm.data.schema.Schema;
import org.recllm.data.store.Columns;
import org.recllm.data.store.FloatColumnView;
import org.recllm.data.store.IntColumnView;
import org.recllm.data.store.LongColumnView;
import org.recllm.data.store.SplitView;

/** Fills a {@link Batch} from a split's memory-mapped columns for a list of row indices, without allocating. */
public final class BatchLoader {
    private final SplitView split;
    private final FeatureLayout layout;
    private final Map<String, IntColumnView> idColumns = new LinkedHashMap<>();
    private final Map<String, FloatColumnView> numberColumns = new LinkedHashMap<>();
    private final Map<String, IntColumnView> lengthColumns = new LinkedHashMap<>();
    private final FloatColumnView labels;
    /** The rows' times and raw entity ids, read only when some knowledge changes over time. */
    private final LongColumnView times;
    private final Map<String, IntColumnView> keyColumns = new LinkedHashMap<>();

    public BatchLoader(SplitView split, FeatureLayout layout) {
        this.split = split;
        this.layout = layout;
        for (FieldInput field : layout.fields()) {
            if (field.table() == null) {
                numberColumns.put(field.name(), split.floats(field.name()));
            } else {
                idColumns.put(field.name(), split.ints(field.name()));
            }
        }
        layout.sequenceLengths().keySet().forEach(group -> lengthColumns.put(group, split.ints(Schema.lengthColumn(group))));
        this.labels = split.labels();
        boolean versioned = layout.knowledge().stream().anyMatch(KnowledgeInput::isVersioned);
        if (versioned && !split.columnNames().contains(Columns.TIMESTAMP)) {
            throw new IllegalArgumentException("knowledge that changes over time needs each sample's time, and these "
                    + "samples have no column " + Columns.TIMESTAMP + "; prepare them again");
        }
        this.times = versioned ? split.longs(Columns.TIMESTAMP) : null;
        for (KnowledgeInput input : layout.knowledge()) {
            if (input.isVersioned()) {
                String column = input.versions().keyColumn();
                if (!split.columnNames().contains(column)) {
                    throw new IllegalArgumentException("knowledge '" + input.name() + "' is keyed by the raw ids in column "
                            + column + ", which these samples lack; prepare them again");
                }
                keyColumns.put(column, split.ints(column));
            }
        }
    }

    public int rows() {
        return split.rows();
    }

    /** Loads rows {@code order[from, from + count)} into {@code batch}. */
    public void fill(Batch batch, int[] order, int from, int count) {
        if (count > batch.capacity()) {
            throw new IllegalArgumentException(count + " rows exceed the batch capacity " + batch.capacity());
        }
        batch.size = count;
        for (int i = 0; i < count; i++) {
            batch.rows()[i] = order[from + i];
        }
        idColumns.forEach((name, column) -> {
            int[] target = batch.ids(name);
            int width = column.width();
            for (int i = 0; i < count; i++) {
                column.copyRow(order[from + i], target, i * width);
            }
        });
        numberColumns.forEach((name, column) -> {
            float[] target = batch.numbers(name);
            for (int i = 0; i < count; i++) {
                target[i] = column.get(order[from + i]);
            }
        });
        lengthColumns.forEach((group, column) -> {
            float[] mask = batch.mask(group);
            int length = layout.sequenceLengths().get(group);
            for (int i = 0; i < count; i++) {
                int valid = column.get(order[from + i]);
                java.util.Arrays.fill(mask, i * length, (i + 1) * length - valid, 0f);
                java.util.Arrays.fill(mask, (i + 1) * length - valid, (i + 1) * length, 1f);
            }
        });
        float[] target = batch.labels();
        for (int i = 0; i < count; i++) {
            target[i] = labels.get(order[from + i]);
        }
        if (times != null) {
            for (int i = 0; i < count; i++) {
                batch.times()[i] = times.get(order[from + i]);
            }
        }
        keyColumns.forEach((column, view) -> {
            long[] keys = batch.keys(column);
            for (int i = 0; i < count; i++) {
                keys[i] = view.get(order[from + i]);
            }
        });
        batch.indexKnowledge();
    }
}
