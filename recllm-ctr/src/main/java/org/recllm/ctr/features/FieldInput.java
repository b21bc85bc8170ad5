package org.recllm.ctr.features;

import org.recllm.data.schema.FieldKind;

/**
 * One input field as a model sees it.
 *
 * @param table      the embedding table it reads: fields sharing a vocabulary share a table, owned by the first
 *                   non-sequence field of that vocabulary (so a history of item ids reads the item id embeddings)
 * @param vocabSize  rows of that table (padding and OOV included)
 * @param group      the behaviour sequence it belongs to, or null
 */
public record FieldInput(String name, FieldKind kind, int width, String table, int vocabSize, String group) {

    public boolean isSequence() {
        return kind == FieldKind.SEQUENCE;
    }
}
