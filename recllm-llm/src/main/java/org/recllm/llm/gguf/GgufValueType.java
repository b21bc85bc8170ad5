package org.recllm.llm.gguf;

/**
 * The value types of GGUF metadata, with their ids in the file. How the reader hands each back: 8-, 16- and signed
 * 32-bit integers as Integer, UINT32 and 64-bit integers as Long, FLOAT32 as Float, FLOAT64 as Double, BOOL as Boolean,
 * STRING as String; arrays as int[] (8/16/32-bit integers and booleans), long[], float[], double[] or String[].
 */
public enum GgufValueType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    BOOL(7, 1),
    STRING(8, 8),
    ARRAY(9, 12),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private final int id;
    private final int minBytes;

    GgufValueType(int id, int minBytes) {
        this.id = id;
        this.minBytes = minBytes;
    }

    public int id() {
        return id;
    }

    /** The fewest bytes one value takes in the file (a string's length field, an array's type and count): bounds counts before allocating. */
    int minBytes() {
        return minBytes;
    }

    /** The type with id {@code id}, or null for an id GGUF does not define. */
    public static GgufValueType byId(int id) {
        for (GgufValueType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        return null;
    }
}
