package org.recllm.ctr.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.store.SampleStore;

/**
 * The inputs of a model: the sample store's fields in model terms (which table each reads, which form behaviour
 * sequences, what role each plays) and, when given, frozen knowledge vectors keyed by some of those fields.
 */
public record FeatureLayout(List<FieldInput> fields, Map<String, Integer> sequenceLengths, List<KnowledgeInput> knowledge) {

    public FeatureLayout {
        fields = List.copyOf(fields);
        sequenceLengths = Map.copyOf(sequenceLengths);
        knowledge = List.copyOf(knowledge);
        for (KnowledgeInput input : knowledge) {
            for (String keyed : input.keyedFields()) {
                FieldInput field = fields.stream().filter(f -> f.name().equals(keyed)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("knowledge '" + input.name() + "' is keyed by field "
                                + keyed + ", which the samples lack"));
                if (field.vocabSize() != input.keyRows()) {
                    throw new IllegalArgumentException("knowledge '" + input.name() + "' is keyed by " + input.keyRows()
                            + " ids; field " + keyed + " has " + field.vocabSize());
                }
            }
        }
    }

    /** The same fields with knowledge vectors as extra inputs. */
    public FeatureLayout withKnowledge(List<KnowledgeInput> inputs) {
        return new FeatureLayout(fields, sequenceLengths, inputs);
    }

    public static FeatureLayout of(SampleStore store) {
        return of(store.schema(), vocabulary -> store.vocabulary(vocabulary).size());
    }

    /** The layout of {@code schema}'s fields, each table sized by its vocabulary's {@code vocabularySize}. */
    public static FeatureLayout of(Schema schema, java.util.function.ToIntFunction<String> vocabularySize) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (FieldSpec field : schema.fields()) {
            if (field.vocabulary() != null && field.kind() != FieldKind.SEQUENCE) {
                owners.putIfAbsent(field.vocabulary(), field.name());
            }
        }
        List<FieldInput> fields = new ArrayList<>();
        Map<String, Integer> lengths = new LinkedHashMap<>();
        for (FieldSpec field : schema.fields()) {
            if (field.kind() == FieldKind.NUMERIC) {
                fields.add(new FieldInput(field.name(), field.kind(), 1, null, 0, null, field.role(), null));
                continue;
            }
            String table = owners.getOrDefault(field.vocabulary(), field.name());
            fields.add(new FieldInput(field.name(), field.kind(), field.width(), table,
                    vocabularySize.applyAsInt(field.vocabulary()), field.group(), field.role(), field.alignedWith()));
            if (field.group() != null) {
                lengths.put(field.group(), field.width());
            }
        }
        return new FeatureLayout(fields, lengths, List.of());
    }

    public FieldInput field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no field '" + name + "'; the samples have "
                        + fields.stream().map(FieldInput::name).toList()));
    }

    public boolean has(String name) {
        return fields.stream().anyMatch(f -> f.name().equals(name));
    }

    public List<FieldInput> ofKind(FieldKind kind) {
        return fields.stream().filter(f -> f.kind() == kind).toList();
    }

    /** The sequence fields that mirror a target field (e.g. a history of item ids mirroring the item id), in order. */
    public List<FieldInput> alignedSequences() {
        return fields.stream().filter(f -> f.alignedWith() != null).toList();
    }

    /** The field with an id role, or null when the samples have none. */
    public FieldInput idField(FieldRole role) {
        return fields.stream().filter(f -> f.role() == role).findFirst().orElse(null);
    }

    /** The knowledge whose key field is {@code field}, in the layout's order (empty when none). */
    public List<KnowledgeInput> knowledgeKeyedBy(String field) {
        return knowledge.stream().filter(k -> k.field().equals(field)).toList();
    }

    /** The knowledge that {@code field} reads per step as one of its sequence fields, in the layout's order. */
    public List<KnowledgeInput> knowledgeAlong(String field) {
        return knowledge.stream().filter(k -> k.sequenceFields().contains(field)).toList();
    }
}
