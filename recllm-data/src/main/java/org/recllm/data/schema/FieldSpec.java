package org.recllm.data.schema;

import java.util.Objects;

/**
 * One stored field.
 *
 * @param vocabulary  the vocabulary its ids index (fields may share one, as an item id field and a history of item ids
 *                    do); null for numeric fields
 * @param width       values per row: 1, the multi-hot maximum, or the sequence length
 * @param group       for sequence fields, the sequence they belong to (its length column is {@code group + "_length"})
 * @param role        what the field means ({@link FieldRole#BEHAVIOUR} for, and only for, sequence fields)
 * @param alignedWith for a sequence field, the target field whose values its steps hold (e.g. a history of item ids
 *                    mirrors the item id), so target attention can compare them; null when it mirrors none
 */
public record FieldSpec(String name, FieldKind kind, String vocabulary, int width, String group, FieldRole role,
                        String alignedWith) {

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("field name '" + name + "' must be lower-case letters, digits and '_'");
        }
        if (role == null) {
            throw new IllegalArgumentException("field " + name + ": a role is required (one of "
                    + java.util.Arrays.toString(FieldRole.values()) + ")");
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
        if ((kind == FieldKind.SEQUENCE) != (role == FieldRole.BEHAVIOUR)) {
            throw new IllegalArgumentException("field " + name + ": sequence fields, and only they, have the role BEHAVIOUR");
        }
        if (alignedWith != null && kind != FieldKind.SEQUENCE) {
            throw new IllegalArgumentException("field " + name + ": only sequence fields align with a target field");
        }
        if ((role == FieldRole.USER_ID || role == FieldRole.ITEM_ID) && kind != FieldKind.CATEGORICAL) {
            throw new IllegalArgumentException("field " + name + ": an id field (" + role + ") must be categorical");
        }
        if ((kind == FieldKind.CATEGORICAL || kind == FieldKind.NUMERIC) && width != 1) {
            throw new IllegalArgumentException("field " + name + ": " + kind + " fields have width 1");
        }
    }

    public static FieldSpec categorical(String name, String vocabulary, FieldRole role) {
        return new FieldSpec(name, FieldKind.CATEGORICAL, vocabulary, 1, null, role, null);
    }

    public static FieldSpec multiHot(String name, String vocabulary, int width, FieldRole role) {
        return new FieldSpec(name, FieldKind.MULTI_HOT, vocabulary, width, null, role, null);
    }

    public static FieldSpec numeric(String name, FieldRole role) {
        return new FieldSpec(name, FieldKind.NUMERIC, null, 1, null, role, null);
    }

    /** A step of behaviour sequence {@code group} mirroring target field {@code alignedWith} (or null). */
    public static FieldSpec sequence(String name, String vocabulary, int length, String group, String alignedWith) {
        return new FieldSpec(name, FieldKind.SEQUENCE, vocabulary, length, group, FieldRole.BEHAVIOUR, alignedWith);
    }
}
