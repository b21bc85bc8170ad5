package org.recllm.ctr.features;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The knowledge one batch needs of one type, gathered while the batch is loaded: the distinct ids over all fields
 * keyed by it (the target item and every history step alike), and for each position of those fields the slot of its
 * id among them. An adaptor then runs once per distinct id, and each field gathers its rows by slot. Preallocated for
 * the batch capacity and refilled in place.
 */
public final class KnowledgeRows {
    private final KnowledgeInput input;
    private final int[] distinct;
    private final Map<String, int[]> slots = new LinkedHashMap<>();
    private final int[] slotOf;
    private int unique;

    KnowledgeRows(KnowledgeInput input, FeatureLayout layout, int capacity) {
        this.input = input;
        int positions = 0;
        for (String field : input.keyedFields()) {
            int width = layout.field(field).width();
            slots.put(field, new int[capacity * width]);
            positions += capacity * width;
        }
        this.distinct = new int[positions];
        this.slotOf = new int[input.rows()];
        Arrays.fill(slotOf, -1);
    }

    public KnowledgeInput input() {
        return input;
    }

    /** How many distinct ids the batch holds. */
    public int unique() {
        return unique;
    }

    /** The distinct ids, {@code [0, unique())} valid. */
    public int[] distinct() {
        return distinct;
    }

    /** For each position of {@code field} in the batch, the slot of its id in {@link #distinct}. */
    public int[] slots(String field) {
        int[] values = slots.get(field);
        if (values == null) {
            throw new IllegalArgumentException("knowledge '" + input.name() + "' is not keyed by field '" + field
                    + "'; it is keyed by " + input.keyedFields());
        }
        return values;
    }

    /** Collects the distinct ids of the keyed fields over the batch's first {@code rows} rows. */
    void collect(Batch batch, int rows, FeatureLayout layout) {
        unique = 0;
        for (String field : input.keyedFields()) {
            int[] ids = batch.ids(field);
            int[] fieldSlots = slots.get(field);
            int width = layout.field(field).width();
            int count = rows * width;
            KnowledgeVersions versions = field.equals(input.field()) ? input.versions() : null;
            long[] keys = versions == null ? null : batch.keys(versions.keyColumn());
            int keyRows = input.keyRows();
            for (int i = 0; i < count; i++) {
                int id = ids[i];
                if (id < 0 || id >= keyRows) {
                    throw new IllegalStateException("field " + field + " holds id " + id + ", outside the " + keyRows
                            + " rows of knowledge '" + input.name() + "'");
                }
                if (versions != null) {
                    id = versions.row(id, keys[i / width], batch.times()[i / width]);
                }
                if (slotOf[id] < 0) {
                    slotOf[id] = unique;
                    distinct[unique++] = id;
                }
                fieldSlots[i] = slotOf[id];
            }
        }
        for (int u = 0; u < unique; u++) {
            slotOf[distinct[u]] = -1;
        }
    }

    /** The knowledge rows for each input of a layout, in the layout's order. */
    static Map<String, KnowledgeRows> forLayout(FeatureLayout layout, int capacity) {
        Map<String, KnowledgeRows> rows = new LinkedHashMap<>();
        List<KnowledgeInput> inputs = layout.knowledge();
        for (KnowledgeInput input : inputs) {
            rows.put(input.name(), new KnowledgeRows(input, layout, capacity));
        }
        return rows;
    }
}
