package org.recllm.data.store;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** A stored int64 column read in place from its memory-mapped file. */
public record LongColumnView(MemorySegment data, int rows) {
    static final ValueLayout.OfLong LAYOUT = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public long get(int row) {
        return data.getAtIndex(LAYOUT, row);
    }

    public long[] toArray() {
        long[] values = new long[rows];
        MemorySegment.copy(data, LAYOUT, 0, values, 0, values.length);
        return values;
    }
}
