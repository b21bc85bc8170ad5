package org.recllm.ctr.adaptor;

import java.util.List;

/**
 * One kind of precomputed knowledge vectors (e.g. item facts, user preference reasoning) aligned with a vocabulary
 * of the sample store: row i is the vector of the value with id i (zero where none exists).
 *
 * @param name           the knowledge type, e.g. {@code item} or {@code user}
 * @param field          the categorical field whose ids index the vectors, e.g. {@code item_id}
 * @param sequenceFields sequence fields over the same vocabulary that get the vectors per step, e.g. {@code hist_item}
 * @param vectors        rows × dim, row-major
 */
public record KnowledgeInput(String name, String field, List<String> sequenceFields, float[] vectors, int rows, int dim) {

    public KnowledgeInput {
        sequenceFields = List.copyOf(sequenceFields);
        if (dim < 1 || rows < 1 || vectors.length != rows * dim) {
            throw new IllegalArgumentException("knowledge '" + name + "': " + vectors.length + " values do not form "
                    + rows + " rows of " + dim);
        }
    }
}
