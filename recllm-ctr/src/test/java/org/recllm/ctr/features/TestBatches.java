package org.recllm.ctr.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldRole;

/** Batches and layouts written by hand for unit tests, without a sample store. */
public final class TestBatches {
    private TestBatches() {}

    /**
     * A layout of categorical fields {@code user_id} (roles USER_ID, {@code users} ids) and {@code item_id} (ITEM_ID,
     * {@code items} ids) and a history {@code hist_item} of {@code steps} item ids aligned with the item id.
     */
    public static FeatureLayout itemsAndUsers(int users, int items, int steps, List<KnowledgeInput> knowledge) {
        List<FieldInput> fields = new ArrayList<>();
        fields.add(new FieldInput("user_id", FieldKind.CATEGORICAL, 1, "user_id", users, null, FieldRole.USER_ID, null));
        fields.add(new FieldInput("item_id", FieldKind.CATEGORICAL, 1, "item_id", items, null, FieldRole.ITEM_ID, null));
        fields.add(new FieldInput("hist_item", FieldKind.SEQUENCE, steps, "item_id", items, "history", FieldRole.BEHAVIOUR,
                "item_id"));
        return new FeatureLayout(fields, Map.of("history", steps), knowledge);
    }

    /** A batch of {@code rows} rows holding {@code ids} per field (row-major), with its knowledge rows gathered. */
    public static Batch of(FeatureLayout layout, int rows, Map<String, int[]> ids) {
        Batch batch = new Batch(layout, rows);
        batch.size = rows;
        ids.forEach((field, values) -> System.arraycopy(values, 0, batch.ids(field), 0, values.length));
        batch.indexKnowledge();
        return batch;
    }
}
