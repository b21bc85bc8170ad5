package org.recllm.ctr.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.ctr.adaptor.KnowledgeConfig;
import org.recllm.ctr.adaptor.KnowledgeInput;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.store.SampleStore;

/**
 * The inputs of a model: the sample store's fields in model terms (which table each reads, which form behaviour
 * sequences) and, when given, knowledge vectors with the adaptor that turns them into extra fields.
 */
public record FeatureLayout(List<FieldInput> fields, Map<String, Integer> sequenceLengths, KnowledgeConfig knowledge) {

    public FeatureLayout {
        fields = List.copyOf(fields);
        sequenceLengths = Map.copyOf(sequenceLengths);
        if (knowledge != null) {
            for (KnowledgeInput input : knowledge.inputs()) {
                FieldInput field = fields.stream().filter(f -> f.name().equals(input.field())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("knowledge '" + input.name() + "' is keyed by field "
                                + input.field() + ", which the samples lack"));
                if (field.vocabSize() != input.rows()) {
                    throw new IllegalArgumentException("knowledge '" + input.name() + "' has " + input.rows()
                            + " rows; field " + input.field() + " has " + field.vocabSize() + " ids");
                }
            }
        }
    }

    /** The same fields with knowledge vectors attached. */
    public FeatureLayout withKnowledge(KnowledgeConfig config) {
        return new FeatureLayout(fields, sequenceLengths, config);
    }

    public static FeatureLayout of(SampleStore store) {
        Schema schema = store.schema();
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
                fields.add(new FieldInput(field.name(), field.kind(), 1, null, 0, null));
                continue;
            }
            String table = owners.getOrDefault(field.vocabulary(), field.name());
            fields.add(new FieldInput(field.name(), field.kind(), field.width(), table,
                    store.vocabulary(field.vocabulary()).size(), field.group()));
            if (field.group() != null) {
                lengths.put(field.group(), field.width());
            }
        }
        return new FeatureLayout(fields, lengths, null);
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
}
