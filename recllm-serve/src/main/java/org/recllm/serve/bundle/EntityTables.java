package org.recllm.serve.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.data.protocol.Split;
import org.recllm.data.samples.FeatureSet;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.Columns;
import org.recllm.data.store.IntColumnView;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;

/**
 * What a server knows of users and items without being told: per user id (a row per id of the user vocabulary) the
 * encoded attribute fields and the latest behaviour sequence, per item id the encoded attribute fields. Built from
 * every split of the samples the model was trained on, so a request may name only ids. Ids never seen in training
 * (the OOV row) keep out-of-vocabulary attributes and an empty history.
 *
 * @param userAttributes categorical and multi-hot user attribute fields, {@code users × width} ids each
 * @param itemAttributes categorical and multi-hot item attribute fields, {@code items × width} ids each
 * @param userNumbers    numeric user attribute fields, a value per user
 * @param itemNumbers    numeric item attribute fields, a value per item
 * @param histories      each behaviour-sequence field, {@code users × length} ids, left-padded as in the samples
 * @param historyLengths each sequence group, events per user
 */
public record EntityTables(
        int users,
        int items,
        @JsonProperty("user_attributes") Map<String, int[]> userAttributes,
        @JsonProperty("item_attributes") Map<String, int[]> itemAttributes,
        @JsonProperty("user_numbers") Map<String, float[]> userNumbers,
        @JsonProperty("item_numbers") Map<String, float[]> itemNumbers,
        Map<String, int[]> histories,
        @JsonProperty("history_lengths") Map<String, int[]> historyLengths) {

    public static EntityTables of(SampleStore store) {
        Schema schema = store.schema();
        FieldSpec userField = schema.requireIdField(FieldRole.USER_ID);
        FieldSpec itemField = schema.requireIdField(FieldRole.ITEM_ID);
        int users = store.vocabulary(userField.vocabulary()).size();
        int items = store.vocabulary(itemField.vocabulary()).size();
        Map<String, int[]> userAttributes = attributeTable(schema, FieldRole.USER_ATTRIBUTE, users);
        Map<String, int[]> itemAttributes = attributeTable(schema, FieldRole.ITEM_ATTRIBUTE, items);
        Map<String, float[]> userNumbers = numberTable(schema, FieldRole.USER_ATTRIBUTE, users);
        Map<String, float[]> itemNumbers = numberTable(schema, FieldRole.ITEM_ATTRIBUTE, items);
        List<Event> events = new ArrayList<>();
        for (Split split : Split.values()) {
            SplitView view = store.split(split);
            IntColumnView userIds = view.ints(userField.name());
            IntColumnView itemIds = view.ints(itemField.name());
            var timestamps = view.longs(Columns.TIMESTAMP);
            for (int row = 0; row < view.rows(); row++) {
                int user = userIds.get(row);
                int item = itemIds.get(row);
                copyRow(view, row, user, userAttributes, userNumbers);
                copyRow(view, row, item, itemAttributes, itemNumbers);
                if (user >= Vocabulary.FIRST_ID) {
                    events.add(new Event(user, timestamps.get(row), split, row));
                }
            }
        }
        Map<String, int[]> histories = new LinkedHashMap<>();
        Map<String, int[]> historyLengths = new LinkedHashMap<>();
        List<HistoryStep> steps = HistoryStep.of(schema);
        for (HistoryStep step : steps) {
            histories.put(step.field(), new int[users * step.length()]);
            historyLengths.putIfAbsent(step.group(), new int[users]);
        }
        if (!steps.isEmpty()) {
            fillHistories(store, events, steps, histories, historyLengths);
        }
        return new EntityTables(users, items, userAttributes, itemAttributes, userNumbers, itemNumbers, histories,
                historyLengths);
    }

    /** A row of the samples, by when it happened. */
    private record Event(int user, long timestamp, Split split, int row) {}

    private static Map<String, int[]> attributeTable(Schema schema, FieldRole role, int rows) {
        Map<String, int[]> table = new LinkedHashMap<>();
        for (FieldSpec field : schema.withRole(role)) {
            if (field.kind() == FieldKind.NUMERIC) {
                continue;
            }
            int[] ids = new int[rows * field.width()];
            for (int row = 0; row < rows; row++) {
                ids[row * field.width()] = Vocabulary.OOV;
            }
            table.put(field.name(), ids);
        }
        return table;
    }

    private static Map<String, float[]> numberTable(Schema schema, FieldRole role, int rows) {
        Map<String, float[]> table = new LinkedHashMap<>();
        for (FieldSpec field : schema.withRole(role)) {
            if (field.kind() == FieldKind.NUMERIC) {
                table.put(field.name(), new float[rows]);
            }
        }
        return table;
    }

    /** Copies a sample's attribute fields into the table row of a known id (OOV and padding rows stay as they are). */
    private static void copyRow(SplitView view, int row, int id, Map<String, int[]> ids, Map<String, float[]> numbers) {
        if (id < Vocabulary.FIRST_ID) {
            return;
        }
        ids.forEach((field, values) -> {
            IntColumnView column = view.ints(field);
            column.copyRow(row, values, id * column.width());
        });
        numbers.forEach((field, values) -> values[id] = view.floats(field).get(row));
    }

    private static void fillHistories(SampleStore store, List<Event> events, List<HistoryStep> steps,
                                      Map<String, int[]> histories, Map<String, int[]> historyLengths) {
        events.sort(Comparator.comparingInt(Event::user).thenComparingLong(Event::timestamp)
                .thenComparing(Event::split).thenComparingInt(Event::row));
        for (int end = events.size(); end > 0; ) {
            int user = events.get(end - 1).user();
            int start = end;
            while (start > 0 && events.get(start - 1).user() == user) {
                start--;
            }
            for (HistoryStep step : steps) {
                int kept = Math.min(step.length(), end - start);
                historyLengths.get(step.group())[user] = kept;
                int[] target = histories.get(step.field());
                for (int k = 0; k < kept; k++) {
                    Event event = events.get(end - kept + k);
                    int position = user * step.length() + step.length() - kept + k;
                    target[position] = stepValue(store, step, event);
                }
            }
            end = start;
        }
    }

    private static int stepValue(SampleStore store, HistoryStep step, Event event) {
        SplitView view = store.split(event.split());
        if (step.alignedWith() != null) {
            return view.ints(step.alignedWith()).get(event.row(), 0);
        }
        if (step.label()) {
            int label = Math.round(view.labels().get(event.row()));
            return store.vocabulary(FeatureSet.LABEL_VOCABULARY).id(Integer.toString(label));
        }
        return Vocabulary.PADDING;
    }

    /** The first id an item's attribute {@code field} holds (what a history step mirroring it records). */
    public int firstItemValue(String field, int item) {
        int[] ids = itemAttributes.get(field);
        if (ids == null) {
            return Vocabulary.OOV;
        }
        return ids[item * (ids.length / items)];
    }
}
