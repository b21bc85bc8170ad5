package org.recllm.data.store;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** A stored int32 column read in place from its memory-mapped file: {@code width} values per row. */
public record IntColumnView(MemorySegment data, int rows, int width) {
    static final ValueLayout.OfInt LAYOUT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public int get(int row) {
        return data.getAtIndex(LAYOUT, (long) row * width);
    }

    public int get(int row, int j) {
        return data.getAtIndex(LAYOUT, (long) row * width + j);
    }

    /** Copies row {@code row}'s {@code width} values into {@code target} at {@code offset}. */
    public void copyRow(int row, int[] target, int offset) {
        MemorySegment.copy(data, LAYOUT, (long) row * width * Integer.BYTES, target, offset, width);
    }

    public int[] toArray() {
        int[] values = new int[rows * width];
        MemorySegment.copy(data, LAYOUT, 0, values, 0, values.length);
        return values;
    }
}
