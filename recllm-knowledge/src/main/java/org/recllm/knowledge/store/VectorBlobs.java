package org.recllm.knowledge.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** float32 vectors as little-endian bytes, the layout numpy and most readers of BLOBs expect. */
final class VectorBlobs {
    private VectorBlobs() {}

    static byte[] toBytes(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    static float[] toVector(byte[] bytes, int dimension) {
        if (bytes.length != dimension * Float.BYTES) {
            throw new IllegalStateException("a vector of dimension " + dimension + " takes " + dimension * Float.BYTES
                    + " bytes, the stored one has " + bytes.length);
        }
        float[] vector = new float[dimension];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
