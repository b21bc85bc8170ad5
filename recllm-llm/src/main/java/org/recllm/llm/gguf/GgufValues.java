package org.recllm.llm.gguf;

/** Reads one typed GGUF metadata value (scalars, strings, and arrays of them) into a Java value. */
final class GgufValues {
    private GgufValues() {}

    static final int UINT8 = 0;
    static final int INT8 = 1;
    static final int UINT16 = 2;
    static final int INT16 = 3;
    static final int UINT32 = 4;
    static final int INT32 = 5;
    static final int FLOAT32 = 6;
    static final int BOOL = 7;
    static final int STRING = 8;
    static final int ARRAY = 9;
    static final int UINT64 = 10;
    static final int INT64 = 11;
    static final int FLOAT64 = 12;

    static Object read(GgufCursor in, String key) {
        int type = in.u32("the value type of '" + key + "'");
        return type == ARRAY ? array(in, key) : scalar(in, type, key);
    }

    private static Object scalar(GgufCursor in, int type, String key) {
        return switch (type) {
            case UINT8 -> in.u8(key) & 0xFF;
            case INT8 -> (int) in.u8(key);
            case UINT16 -> in.u16(key) & 0xFFFF;
            case INT16 -> (int) in.u16(key);
            case UINT32 -> in.u32(key) & 0xFFFFFFFFL;
            case INT32 -> in.u32(key);
            case FLOAT32 -> in.f32(key);
            case BOOL -> in.u8(key) != 0;
            case STRING -> in.string(key);
            case UINT64, INT64 -> in.u64(key);
            case FLOAT64 -> in.f64(key);
            default -> throw in.error("metadata '" + key + "' has unknown value type " + type);
        };
    }

    private static Object array(GgufCursor in, String key) {
        int type = in.u32("the element type of '" + key + "'");
        long rawCount = in.u64("the length of '" + key + "'");
        return switch (type) {
            case UINT8, INT8, BOOL -> {
                int n = in.count(rawCount, 1, key);
                int[] values = new int[n];
                for (int i = 0; i < n; i++) {
                    values[i] = type == UINT8 ? in.u8(key) & 0xFF : in.u8(key);
                }
                yield values;
            }
            case UINT16, INT16 -> {
                int n = in.count(rawCount, 2, key);
                int[] values = new int[n];
                for (int i = 0; i < n; i++) {
                    values[i] = type == UINT16 ? in.u16(key) & 0xFFFF : in.u16(key);
                }
                yield values;
            }
            case UINT32, INT32 -> {
                int n = in.count(rawCount, 4, key);
                int[] values = new int[n];
                for (int i = 0; i < n; i++) {
                    values[i] = in.u32(key);
                }
                yield values;
            }
            case UINT64, INT64 -> {
                int n = in.count(rawCount, 8, key);
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    values[i] = in.u64(key);
                }
                yield values;
            }
            case FLOAT32 -> {
                int n = in.count(rawCount, 4, key);
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = in.f32(key);
                }
                yield values;
            }
            case FLOAT64 -> {
                int n = in.count(rawCount, 8, key);
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = in.f64(key);
                }
                yield values;
            }
            case STRING -> {
                int n = in.count(rawCount, 8, key);
                String[] values = new String[n];
                for (int i = 0; i < n; i++) {
                    values[i] = in.string(key);
                }
                yield values;
            }
            default -> throw in.error("metadata '" + key + "' is an array of unknown type " + type);
        };
    }
}
