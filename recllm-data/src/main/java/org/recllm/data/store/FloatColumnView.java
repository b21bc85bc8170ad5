package org.recllm.data.store;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** A stored float32 column read in place from its memory-mapped file. */
public record FloatColumnView(MemorySegment data, int rows, int width) {
    static final ValueLayout.OfFloat LAYOUT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public float get(int row) {
        return data.getAtIndex(LAYOUT, (long) row * width);
    }

    public float get(int row, int j) {
        return data.getAtIndex(LAYOUT, (long) row * width + j);
    }

    public float[] toArray() {
        float[] values = new float[rows * width];
        MemorySegment.copy(data, LAYOUT, 0, values, 0, values.length);
        return values;
    }
}
