package org.recllm.data.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a sample store in a fixed order, plus the label. At most one field has each id role; a sequence
 * field's aligned target is a non-sequence field over the same vocabulary.
 */
public record Schema(List<FieldSpec> fields) {

    public Schema {
        fields = List.copyOf(fields);
        Map<String, FieldSpec> seen = new LinkedHashMap<>();
        for (FieldSpec field : fields) {
            if (seen.put(field.name(), field) != null) {
                throw new IllegalArgumentException("field " + field.name() + " appears twice in the schema");
            }
        }
        for (FieldRole id : List.of(FieldRole.USER_ID, FieldRole.ITEM_ID)) {
            List<String> holders = fields.stream().filter(f -> f.role() == id).map(FieldSpec::name).toList();
            if (holders.size() > 1) {
                throw new IllegalArgumentException("fields " + holders + " all have the role " + id + "; at most one may");
            }
        }
        for (FieldSpec field : fields) {
            if (field.alignedWith() != null) {
                FieldSpec target = seen.get(field.alignedWith());
                if (target == null || target.kind() == FieldKind.SEQUENCE
                        || !target.vocabulary().equals(field.vocabulary())) {
                    throw new IllegalArgumentException("sequence field " + field.name() + " aligns with '"
                            + field.alignedWith() + "', which must be a non-sequence field over vocabulary "
                            + field.vocabulary());
                }
            }
        }
        for (String group : fields.stream().filter(f -> f.group() != null).map(FieldSpec::group).distinct().toList()) {
            if (fields.stream().filter(f -> group.equals(f.group())).map(FieldSpec::width).distinct().count() != 1) {
                throw new IllegalArgumentException("sequence " + group + ": its fields differ in length");
            }
        }
    }

    public FieldSpec field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no field '" + name + "'; the schema has "
                        + fields.stream().map(FieldSpec::name).toList()));
    }

    /** The field with an id role ({@link FieldRole#USER_ID} or {@link FieldRole#ITEM_ID}), if the samples have one. */
    public Optional<FieldSpec> idField(FieldRole role) {
        if (role != FieldRole.USER_ID && role != FieldRole.ITEM_ID) {
            throw new IllegalArgumentException(role + " is not an id role");
        }
        return fields.stream().filter(f -> f.role() == role).findFirst();
    }

    /** The field with an id role, or an error saying the samples declare none. */
    public FieldSpec requireIdField(FieldRole role) {
        return idField(role).orElseThrow(() -> new IllegalArgumentException("the samples declare no field with the role "
                + role + "; their fields are " + fields.stream().map(f -> f.name() + " (" + f.role() + ")").toList()));
    }

    /** Fields with {@code role}, in schema order. */
    public List<FieldSpec> withRole(FieldRole role) {
        return fields.stream().filter(f -> f.role() == role).toList();
    }

    /** The sequence fields of {@code group} that mirror a target field, in schema order. */
    public List<FieldSpec> alignedSequence(String group) {
        return sequence(group).stream().filter(f -> f.alignedWith() != null).toList();
    }

    public List<FieldSpec> ofKind(FieldKind kind) {
        return fields.stream().filter(f -> f.kind() == kind).toList();
    }

    /** The sequence groups in schema order, e.g. {@code history}. */
    public List<String> sequenceGroups() {
        return fields.stream().map(FieldSpec::group).filter(g -> g != null).distinct().toList();
    }

    public List<FieldSpec> sequence(String group) {
        return fields.stream().filter(f -> group.equals(f.group())).toList();
    }

    /** The names of the vocabularies the fields use, each once. */
    public List<String> vocabularies() {
        return fields.stream().map(FieldSpec::vocabulary).filter(v -> v != null).distinct().toList();
    }

    public static String lengthColumn(String group) {
        return group + "_length";
    }
}
