package org.recllm.ctr.features;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One mini-batch in preallocated arrays, refilled in place for every step: ids per field ({@code size × width}),
 * a 0/1 mask per behaviour sequence ({@code size × length}), numeric values, the distinct ids per knowledge type,
 * labels, the store rows they came from, and, for knowledge that changes over time, each row's time
 * ({@link KnowledgeVersions#NOW} unless a loader or caller sets it) and raw entity id.
 */
public final class Batch {
    private final int capacity;
    private final FeatureLayout layout;
    private final Map<String, int[]> ids = new LinkedHashMap<>();
    private final Map<String, float[]> numbers = new LinkedHashMap<>();
    private final Map<String, float[]> masks = new LinkedHashMap<>();
    private final Map<String, KnowledgeRows> knowledge;
    private final float[] labels;
    private final int[] rows;
    private final long[] times;
    private final Map<String, long[]> keys = new LinkedHashMap<>();
    int size;

    public Batch(FeatureLayout layout, int capacity) {
        this.capacity = capacity;
        this.layout = layout;
        for (FieldInput field : layout.fields()) {
            if (field.table() == null) {
                numbers.put(field.name(), new float[capacity]);
            } else {
                ids.put(field.name(), new int[capacity * field.width()]);
            }
        }
        layout.sequenceLengths().forEach((group, length) -> masks.put(group, new float[capacity * length]));
        this.knowledge = KnowledgeRows.forLayout(layout, capacity);
        this.labels = new float[capacity];
        this.rows = new int[capacity];
        this.times = new long[capacity];
        java.util.Arrays.fill(times, KnowledgeVersions.NOW);
        for (KnowledgeInput input : layout.knowledge()) {
            if (input.isVersioned()) {
                keys.computeIfAbsent(input.versions().keyColumn(), column -> {
                    long[] values = new long[capacity];
                    java.util.Arrays.fill(values, KnowledgeVersions.UNKNOWN_KEY);
                    return values;
                });
            }
        }
    }

    public FeatureLayout layout() {
        return layout;
    }

    public int capacity() {
        return capacity;
    }

    /** Rows in this batch (the last batch of an epoch may hold fewer than the capacity). */
    public int size() {
        return size;
    }

    public int[] ids(String field) {
        int[] values = ids.get(field);
        if (values == null) {
            throw new IllegalArgumentException("no id field '" + field + "' in this batch; it has " + ids.keySet());
        }
        return values;
    }

    public float[] numbers(String field) {
        return numbers.get(field);
    }

    /** 1 where a sequence position holds an event, 0 where it is padding. */
    public float[] mask(String group) {
        return masks.get(group);
    }

    /** The distinct ids of knowledge type {@code name} in this batch and each position's slot among them. */
    public KnowledgeRows knowledge(String name) {
        KnowledgeRows rows = knowledge.get(name);
        if (rows == null) {
            throw new IllegalArgumentException("no knowledge '" + name + "' in this batch; it has " + knowledge.keySet());
        }
        return rows;
    }

    /** Gathers the distinct knowledge ids from the ids now in the batch (the loader does it; by hand after editing ids). */
    public void indexKnowledge() {
        for (KnowledgeRows rows : knowledge.values()) {
            rows.collect(this, size, layout);
        }
    }

    /**
     * Declares the first {@code rows} rows filled, for callers that write ids, numbers and masks themselves (a
     * server encoding a request) rather than through a {@link BatchLoader}; then {@link #indexKnowledge()}.
     */
    public void fillRows(int rows) {
        if (rows < 0 || rows > capacity) {
            throw new IllegalArgumentException(rows + " rows do not fit a batch of capacity " + capacity);
        }
        size = rows;
    }

    public float[] labels() {
        return labels;
    }

    public int[] rows() {
        return rows;
    }

    /** Each row's time, in the samples' unit; versioned knowledge is read as it was then. */
    public long[] times() {
        return times;
    }

    /** The raw-id columns versioned knowledge is keyed by (e.g. {@code meta_user}): what a loader or caller fills. */
    public java.util.Set<String> keyColumns() {
        return keys.keySet();
    }

    /** Each row's raw entity id in {@code column} ({@link KnowledgeVersions#UNKNOWN_KEY} where not known). */
    public long[] keys(String column) {
        long[] values = keys.get(column);
        if (values == null) {
            throw new IllegalArgumentException("no key column '" + column + "' in this batch; it has " + keys.keySet());
        }
        return values;
    }
}
