package org.recllm.data.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fields of a sample store in a fixed order, plus the label. */
public record Schema(List<FieldSpec> fields) {

    public Schema {
        fields = List.copyOf(fields);
        Map<String, FieldSpec> seen = new LinkedHashMap<>();
        for (FieldSpec field : fields) {
            if (seen.put(field.name(), field) != null) {
                throw new IllegalArgumentException("field " + field.name() + " appears twice in the schema");
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
