package org.recllm.data.samples;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.store.Column;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SplitColumns;

/** A split's columns filled row by row from {@link EncodedRow}s, in the order rows are given. */
public final class SplitBuilder {
    private final RowLayout layout;
    private final int rows;
    private final Map<String, int[]> ids = new LinkedHashMap<>();
    private final Map<String, float[]> numbers = new LinkedHashMap<>();
    private final float[] labels;
    private final int[] historyLengths;
    private final int[] users;
    private final int[] items;
    private final long[] timestamps;
    private final float[] values;
    private int filled;

    public SplitBuilder(RowLayout layout, int rows) {
        this.layout = layout;
        this.rows = rows;
        for (FieldSpec field : layout.schema().fields()) {
            if (field.vocabulary() == null) {
                numbers.put(field.name(), new float[rows]);
            } else {
                ids.put(field.name(), new int[Math.multiplyExact(rows, field.width())]);
            }
        }
        labels = new float[rows];
        historyLengths = new int[rows];
        users = new int[rows];
        items = new int[rows];
        timestamps = new long[rows];
        values = new float[rows];
    }

    /** Appends {@code row} as the next row. */
    public void add(EncodedRow row) {
        if (filled == rows) {
            throw new IllegalStateException("the split has room for " + rows + " rows");
        }
        int r = filled++;
        for (FieldSpec field : layout.schema().fields()) {
            int offset = layout.offset(field.name());
            if (field.vocabulary() == null) {
                numbers.get(field.name())[r] = row.numbers()[offset];
            } else {
                System.arraycopy(row.ids(), offset, ids.get(field.name()), r * field.width(), field.width());
            }
        }
        labels[r] = row.label();
        historyLengths[r] = row.historyLength();
        users[r] = row.user();
        items[r] = row.item();
        timestamps[r] = row.timestamp();
        values[r] = row.value();
    }

    public int filled() {
        return filled;
    }

    /** The columns; every row must have been added. */
    public SplitColumns build() {
        if (filled != rows) {
            throw new IllegalStateException(filled + " of " + rows + " rows were added");
        }
        Schema schema = layout.schema();
        SplitColumns columns = new SplitColumns(rows);
        columns.put(Columns.LABEL, new Column.Floats(labels, 1));
        for (FieldSpec field : schema.fields()) {
            columns.put(field.name(), field.vocabulary() == null
                    ? new Column.Floats(numbers.get(field.name()), 1)
                    : new Column.Ints(ids.get(field.name()), field.width()));
        }
        for (String group : schema.sequenceGroups()) {
            columns.put(Schema.lengthColumn(group), new Column.Ints(historyLengths, 1));
        }
        columns.put(Columns.USER, new Column.Ints(users, 1));
        columns.put(Columns.ITEM, new Column.Ints(items, 1));
        columns.put(Columns.TIMESTAMP, new Column.Longs(timestamps));
        columns.put(Columns.RATING, new Column.Floats(values, 1));
        return columns;
    }
}
