package org.recllm.data.store;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Set;
import org.recllm.data.protocol.Split;

/** One split of an open sample store: typed, zero-copy views of its columns. */
public final class SplitView {
    private final Split split;
    private final int rows;
    private final Map<String, Manifest.ColumnEntry> entries;
    private final Map<String, MemorySegment> segments;

    SplitView(Split split, int rows, Map<String, Manifest.ColumnEntry> entries, Map<String, MemorySegment> segments) {
        this.split = split;
        this.rows = rows;
        this.entries = entries;
        this.segments = segments;
    }

    public Split split() {
        return split;
    }

    public int rows() {
        return rows;
    }

    public Set<String> columnNames() {
        return entries.keySet();
    }

    public IntColumnView ints(String column) {
        Manifest.ColumnEntry entry = entry(column, ColumnType.INT32);
        return new IntColumnView(segments.get(column), rows, entry.width());
    }

    public FloatColumnView floats(String column) {
        Manifest.ColumnEntry entry = entry(column, ColumnType.FLOAT32);
        return new FloatColumnView(segments.get(column), rows, entry.width());
    }

    public LongColumnView longs(String column) {
        entry(column, ColumnType.INT64);
        return new LongColumnView(segments.get(column), rows);
    }

    public FloatColumnView labels() {
        return floats(Columns.LABEL);
    }

    private Manifest.ColumnEntry entry(String column, ColumnType type) {
        Manifest.ColumnEntry entry = entries.get(column);
        if (entry == null) {
            throw new IllegalArgumentException("split " + split.id() + " has no column '" + column + "'; it has " + entries.keySet());
        }
        if (entry.type() != type) {
            throw new IllegalArgumentException("column " + column + " holds " + entry.type() + ", not " + type);
        }
        return entry;
    }
}
