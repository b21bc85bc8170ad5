package org.recllm.ctr.features;

import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldRole;

/**
 * One input field as a model sees it.
 *
 * @param table       the embedding table it reads: fields sharing a vocabulary share a table, owned by the first
 *                    non-sequence field of that vocabulary (so a history of item ids reads the item id embeddings)
 * @param vocabSize   rows of that table (padding and OOV included)
 * @param group       the behaviour sequence it belongs to, or null
 * @param role        what the field means (user id, item id, an attribute, behaviour, …)
 * @param alignedWith for a sequence field, the target field it mirrors step by step, or null
 */
public record FieldInput(String name, FieldKind kind, int width, String table, int vocabSize, String group,
                         FieldRole role, String alignedWith) {

    public boolean isSequence() {
        return kind == FieldKind.SEQUENCE;
    }
}
