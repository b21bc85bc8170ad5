package org.recllm.data.store;

/** Element types of stored columns; files hold them little-endian. */
public enum ColumnType {
    INT32(4),
    INT64(8),
    FLOAT32(4);

    private final int bytes;

    ColumnType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
