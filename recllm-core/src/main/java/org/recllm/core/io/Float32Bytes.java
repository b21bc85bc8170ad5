package org.recllm.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * float32 values as little-endian bytes, the layout numpy and most readers of raw files and BLOBs expect: the
 * knowledge store's vectors, score logs, benchmark data files.
 */
public final class Float32Bytes {
    private Float32Bytes() {}

    public static byte[] toBytes(float[] values) {
        return toBytes(values, 0, values.length);
    }

    /** {@code count} values from {@code values[from]} as bytes. */
    public static byte[] toBytes(float[] values, int from, int count) {
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(count, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values, from, count);
        return bytes.array();
    }

    /** The {@code count} values that {@code bytes} hold; any other length is refused. */
    public static float[] toFloats(byte[] bytes, int count) {
        if (bytes.length != (long) count * Float.BYTES) {
            throw new IllegalStateException("a vector of dimension " + count + " takes " + (long) count * Float.BYTES
                    + " bytes, the stored one has " + bytes.length);
        }
        float[] values = new float[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
