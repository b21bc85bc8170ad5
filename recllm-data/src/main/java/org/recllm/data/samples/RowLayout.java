package org.recllm.data.samples;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;

/**
 * Where each field of a schema sits in an {@link EncodedRow}: id fields one after another (each {@code width} ids) in
 * {@link EncodedRow#ids()}, numeric fields in {@link EncodedRow#numbers()}, in schema order.
 */
public final class RowLayout {
    private final Schema schema;
    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private final int idWidth;
    private final int numberWidth;

    public RowLayout(Schema schema) {
        this.schema = schema;
        int ids = 0;
        int numbers = 0;
        for (FieldSpec field : schema.fields()) {
            if (field.vocabulary() == null) {
                offsets.put(field.name(), numbers++);
            } else {
                offsets.put(field.name(), ids);
                ids += field.width();
            }
        }
        this.idWidth = ids;
        this.numberWidth = numbers;
    }

    public Schema schema() {
        return schema;
    }

    /** The position of a field's first id (or its number) in the row. */
    public int offset(String field) {
        Integer offset = offsets.get(field);
        if (offset == null) {
            throw new IllegalArgumentException("no field '" + field + "' in the row layout; it has " + offsets.keySet());
        }
        return offset;
    }

    public int idWidth() {
        return idWidth;
    }

    public int numberWidth() {
        return numberWidth;
    }

    /** A row to encode into and read from, reused from sample to sample. */
    public EncodedRow newRow() {
        return new EncodedRow(this);
    }

    /** The bytes of one row in {@link EncodedRow#write}'s form. */
    public int rowBytes() {
        return 4 * idWidth + 4 * numberWidth + EncodedRow.FIXED_BYTES;
    }
}
