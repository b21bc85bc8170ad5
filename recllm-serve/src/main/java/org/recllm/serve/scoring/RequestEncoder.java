package org.recllm.serve.scoring;

import org.recllm.serve.BadRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.KnowledgeVersions;
import org.recllm.data.store.Columns;
import org.recllm.data.samples.FeatureSet;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;
import org.recllm.serve.bundle.EntityTables;
import org.recllm.serve.bundle.HistoryStep;
import org.recllm.serve.bundle.ModelBundle;

/**
 * Turns a request into a batch, one row per candidate, exactly as training encoded a sample: raw ids through the
 * bundle's vocabularies (unknown ids to the OOV id), attributes from the request when given (raw, replayed through
 * the training features) and from the bundle's tables otherwise, the behaviour sequence left-padded and masked.
 * One per scoring session: its scratch rows are reused for every request.
 */
final class RequestEncoder {
    private final Schema schema;
    private final ModelBundle bundle;
    private final RawValues raw;
    private final FieldSpec userIdField;
    private final FieldSpec itemIdField;
    private final Vocabulary userIds;
    private final Vocabulary itemIds;
    private final List<FieldSpec> userFields;
    private final List<FieldSpec> itemFields;
    private final List<FieldSpec> contextFields;
    private final List<HistoryStep> steps;
    private final Map<String, int[]> rowScratch = new LinkedHashMap<>();
    private final Map<String, float[]> numberScratch = new LinkedHashMap<>();
    private final Map<String, Integer> groupEvents = new LinkedHashMap<>();

    RequestEncoder(ModelBundle bundle, RawValues raw) {
        this.bundle = bundle;
        this.raw = raw;
        this.schema = bundle.manifest().schema();
        this.userIdField = schema.requireIdField(FieldRole.USER_ID);
        this.itemIdField = schema.requireIdField(FieldRole.ITEM_ID);
        this.userIds = bundle.vocabulary(userIdField.vocabulary());
        this.itemIds = bundle.vocabulary(itemIdField.vocabulary());
        this.userFields = schema.withRole(FieldRole.USER_ATTRIBUTE);
        this.itemFields = schema.withRole(FieldRole.ITEM_ATTRIBUTE);
        this.contextFields = schema.withRole(FieldRole.CONTEXT);
        this.steps = HistoryStep.of(schema);
        for (FieldSpec field : schema.fields()) {
            if (field.kind() == FieldKind.NUMERIC) {
                numberScratch.put(field.name(), new float[1]);
            } else {
                rowScratch.put(field.name(), new int[field.width()]);
            }
        }
    }

    /** Fills {@code batch} with one row per candidate of {@code request}, knowledge indexed. */
    void encode(ScoreRequest request, Batch batch) {
        int user = userIds.id(request.userId());
        EntityTables tables = bundle.tables();
        for (FieldSpec field : userFields) {
            entity(field, request.user(), "user", -1, tables.userAttributes(), tables.userNumbers(), user);
        }
        for (FieldSpec field : contextFields) {
            entity(field, request.context(), "context", -1, null, null, Vocabulary.OOV);
        }
        history(request, user);
        int rows = request.candidates().size();
        for (int row = 0; row < rows; row++) {
            ScoreRequest.Candidate candidate = request.candidates().get(row);
            int item = itemIds.id(candidate.itemId());
            for (FieldSpec field : itemFields) {
                entity(field, candidate.attributes(), "candidates", row, tables.itemAttributes(), tables.itemNumbers(), item);
            }
            for (FieldSpec field : schema.fields()) {
                if (field.role() == FieldRole.USER_ID) {
                    batch.ids(field.name())[row] = user;
                } else if (field.role() == FieldRole.ITEM_ID) {
                    batch.ids(field.name())[row] = item;
                } else if (field.kind() == FieldKind.NUMERIC) {
                    batch.numbers(field.name())[row] = numberScratch.get(field.name())[0];
                } else {
                    int[] values = rowScratch.get(field.name());
                    System.arraycopy(values, 0, batch.ids(field.name()), row * values.length, values.length);
                }
            }
            for (Map.Entry<String, Integer> group : groupEvents.entrySet()) {
                float[] mask = batch.mask(group.getKey());
                int length = mask.length / batch.capacity();
                int events = group.getValue();
                Arrays.fill(mask, row * length, (row + 1) * length - events, 0f);
                Arrays.fill(mask, (row + 1) * length - events, (row + 1) * length, 1f);
            }
        }
        for (String column : batch.keyColumns()) {
            long[] keys = batch.keys(column);
            for (int row = 0; row < rows; row++) {
                keys[row] = switch (column) {
                    case Columns.USER -> rawId(request.userId());
                    case Columns.ITEM -> rawId(request.candidates().get(row).itemId());
                    default -> KnowledgeVersions.UNKNOWN_KEY;
                };
            }
        }
        batch.fillRows(rows);
        batch.indexKnowledge();
    }

    /** The raw id versioned knowledge is keyed by: the dataset's integer id, or unknown (base rows) for any other. */
    private static long rawId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException notAnInteger) {
            return KnowledgeVersions.UNKNOWN_KEY;
        }
    }

    /**
     * One attribute field of the user, a candidate or the context into its scratch row. {@code entity} and
     * {@code index} (−1: none) name where the raw values are, for errors; the name is built only when one is given.
     */
    private void entity(FieldSpec field, ObjectNode given, String entity, int index, Map<String, int[]> table,
                        Map<String, float[]> numbers, int id) {
        JsonNode value = given == null ? null : given.get(field.name());
        boolean present = value != null && !value.isNull();
        String path = present ? (index < 0 ? entity : entity + "[" + index + "]") : null;
        if (field.kind() == FieldKind.NUMERIC) {
            float[] known = numbers == null ? null : numbers.get(field.name());
            numberScratch.get(field.name())[0] = present ? number(value, path + "." + field.name())
                    : known != null ? known[id] : 0f;
            return;
        }
        int[] target = rowScratch.get(field.name());
        Arrays.fill(target, Vocabulary.PADDING);
        if (present) {
            List<String> values = raw.values(field, given, path);
            if (values.size() > target.length) {
                throw new BadRequestException(path + "." + field.name(), "has " + values.size()
                        + " values; the model was trained with at most " + target.length);
            }
            Vocabulary vocabulary = bundle.vocabulary(field.vocabulary());
            for (int i = 0; i < values.size(); i++) {
                target[i] = vocabulary.id(values.get(i));
            }
        } else if (table != null && table.containsKey(field.name())) {
            System.arraycopy(table.get(field.name()), id * target.length, target, 0, target.length);
        } else {
            target[0] = Vocabulary.OOV;
        }
    }

    private static float number(JsonNode value, String path) {
        if (!value.isNumber()) {
            throw new BadRequestException(path, "expected a number, got " + value);
        }
        return value.floatValue();
    }

    /** The behaviour sequences: the request's events (latest last), or the bundle's last known history of the user. */
    private void history(ScoreRequest request, int user) {
        EntityTables tables = bundle.tables();
        groupEvents.clear();
        for (HistoryStep step : steps) {
            int[] target = rowScratch.get(step.field());
            int length = step.length();
            if (request.history() == null) {
                System.arraycopy(tables.histories().get(step.field()), user * length, target, 0, length);
                groupEvents.put(step.group(), tables.historyLengths().get(step.group())[user]);
                continue;
            }
            List<ScoreRequest.Event> events = request.history();
            int kept = Math.min(length, events.size());
            Arrays.fill(target, Vocabulary.PADDING);
            for (int k = 0; k < kept; k++) {
                ScoreRequest.Event event = events.get(events.size() - kept + k);
                target[length - kept + k] = stepValue(step, event);
            }
            groupEvents.put(step.group(), kept);
        }
    }

    private int stepValue(HistoryStep step, ScoreRequest.Event event) {
        int item = itemIds.id(event.itemId());
        if (itemIdField.name().equals(step.alignedWith())) {
            return item;
        }
        if (step.alignedWith() != null) {
            return bundle.tables().firstItemValue(step.alignedWith(), item);
        }
        if (step.label()) {
            return bundle.vocabulary(FeatureSet.LABEL_VOCABULARY).id(Integer.toString(event.label()));
        }
        return Vocabulary.PADDING;
    }
}
