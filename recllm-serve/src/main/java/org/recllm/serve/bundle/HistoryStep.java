package org.recllm.serve.bundle;

import java.util.List;
import org.recllm.data.samples.FeatureSet;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;

/**
 * Where one behaviour-sequence field takes an event's value from: the target field it mirrors (its value, the first
 * one of a multi-hot field, for the event's item), or the event's label; a field that is neither stays padding.
 *
 * @param alignedWith the mirrored target field, or null
 * @param label       whether the field holds the event's label
 */
public record HistoryStep(String field, String group, int length, String alignedWith, boolean label) {

    /** The steps of every behaviour sequence of {@code schema}, in schema order. */
    public static List<HistoryStep> of(Schema schema) {
        return schema.ofKind(FieldKind.SEQUENCE).stream().map(HistoryStep::of).toList();
    }

    private static HistoryStep of(FieldSpec field) {
        return new HistoryStep(field.name(), field.group(), field.width(), field.alignedWith(),
                field.alignedWith() == null && FeatureSet.LABEL_VOCABULARY.equals(field.vocabulary()));
    }
}
