package org.recllm.data.schema;

import java.util.Objects;

/**
 * One stored field.
 *
 * @param vocabulary the vocabulary its ids index (fields may share one, as an item id field and a history of item ids
 *                   do); null for numeric fields
 * @param width      values per row: 1, the multi-hot maximum, or the sequence length
 * @param group      for sequence fields, the sequence they belong to (its length column is {@code group + "_length"})
 */
public record FieldSpec(String name, FieldKind kind, String vocabulary, int width, String group) {

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("field name '" + name + "' must be lower-case letters, digits and '_'");
        }
        if (width < 1) {
            throw new IllegalArgumentException("field " + name + ": width must be at least 1, got " + width);
        }
        if ((kind == FieldKind.NUMERIC) != (vocabulary == null)) {
            throw new IllegalArgumentException("field " + name + ": numeric fields have no vocabulary, all others need one");
        }
        if ((kind == FieldKind.SEQUENCE) != (group != null)) {
            throw new IllegalArgumentException("field " + name + ": sequence fields, and only they, belong to a group");
        }
        if ((kind == FieldKind.CATEGORICAL || kind == FieldKind.NUMERIC) && width != 1) {
            throw new IllegalArgumentException("field " + name + ": " + kind + " fields have width 1");
        }
    }

    public static FieldSpec categorical(String name, String vocabulary) {
        return new FieldSpec(name, FieldKind.CATEGORICAL, vocabulary, 1, null);
    }

    public static FieldSpec multiHot(String name, String vocabulary, int width) {
        return new FieldSpec(name, FieldKind.MULTI_HOT, vocabulary, width, null);
    }

    public static FieldSpec numeric(String name) {
        return new FieldSpec(name, FieldKind.NUMERIC, null, 1, null);
    }

    public static FieldSpec sequence(String name, String vocabulary, int length, String group) {
        return new FieldSpec(name, FieldKind.SEQUENCE, vocabulary, length, group);
    }
}
