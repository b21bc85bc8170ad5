package org.recllm.data.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The columns of one split on the heap, by column name, all with the same number of rows. */
public final class SplitColumns {
    private final int rows;
    private final Map<String, Column> columns = new LinkedHashMap<>();

    public SplitColumns(int rows) {
        this.rows = rows;
    }

    public int rows() {
        return rows;
    }

    public SplitColumns put(String name, Column column) {
        if (column.rows() != rows && !(rows == 0 && column.length() == 0)) {
            throw new IllegalArgumentException("column " + name + " has " + column.rows() + " rows, the split has " + rows);
        }
        if (columns.putIfAbsent(name, column) != null) {
            throw new IllegalArgumentException("column " + name + " is already present");
        }
        return this;
    }

    public Map<String, Column> columns() {
        return Collections.unmodifiableMap(columns);
    }

    public Column column(String name) {
        Column column = columns.get(name);
        if (column == null) {
            throw new IllegalArgumentException("no column '" + name + "'; the split has " + columns.keySet());
        }
        return column;
    }
}
