package org.recllm.ctr.features;

import java.util.List;

/**
 * One kind of precomputed knowledge vectors (e.g. item facts, user preference reasoning) aligned with a vocabulary
 * of the sample store: row i is the vector of the value with id i (zero where none exists). Frozen data, an input of
 * the model like a field; an adaptor turns it into trainable features.
 *
 * @param name           the knowledge type, e.g. {@code item} or {@code user}
 * @param field          the categorical field whose ids index the vectors (the field with the item-id or user-id role)
 * @param sequenceFields sequence fields over the same vocabulary that get the vectors per step, e.g. a history of
 *                       item ids
 * @param vectors        rows × dim, row-major
 */
public record KnowledgeInput(String name, String field, List<String> sequenceFields, float[] vectors, int rows, int dim) {

    public KnowledgeInput {
        sequenceFields = List.copyOf(sequenceFields);
        if (dim < 1 || rows < 1 || (long) rows * dim != vectors.length) {
            throw new IllegalArgumentException("knowledge '" + name + "': " + vectors.length + " values do not form "
                    + rows + " rows of " + dim);
        }
    }

    /** The key field first, then the sequence fields: every field whose ids select rows of these vectors. */
    public List<String> keyedFields() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(field), sequenceFields.stream()).toList();
    }
}
