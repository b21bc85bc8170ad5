package org.recllm.llm.gguf;

/** Reads one typed GGUF metadata value (scalars, strings, and arrays of them) into a Java value. */
final class GgufValues {
    private GgufValues() {}

    static Object read(GgufCursor in, String key) {
        GgufValueType type = type(in, in.u32("the value type of '" + key + "'"), key, "has unknown value type");
        return type == GgufValueType.ARRAY ? array(in, key) : scalar(in, type, key);
    }

    private static GgufValueType type(GgufCursor in, int id, String key, String problem) {
        GgufValueType type = GgufValueType.byId(id);
        if (type == null) {
            throw in.error("metadata '" + key + "' " + problem + " " + id);
        }
        return type;
    }

    private static Object scalar(GgufCursor in, GgufValueType type, String key) {
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
            case ARRAY -> throw in.error("metadata '" + key + "' nests an array in an array, which RecLLM does not read");
        };
    }

    private static Object array(GgufCursor in, String key) {
        GgufValueType type = type(in, in.u32("the element type of '" + key + "'"), key, "is an array of unknown type");
        long rawCount = in.u64("the length of '" + key + "'");
        int n = in.count(rawCount, type.minBytes(), key);
        return switch (type) {
            case UINT8, INT8, BOOL -> {
                int[] values = new int[n];
                for (int i = 0; i < n; i++) {
                    values[i] = type == GgufValueType.UINT8 ? in.u8(key) & 0xFF : in.u8(key);
                }
                yield values;
            }
            case UINT16, INT16 -> {
                int[] values = new int[n];
                for (int i = 0; i < n; i++) {
                    values[i] = type == GgufValueType.UINT16 ? in.u16(key) & 0xFFFF : in.u16(key);
                }
                yield values;
            }
            case UINT32, INT32 -> {
                int[] values = new int[n];
                for (int i = 0; i < n; i++) {
                    values[i] = in.u32(key);
                }
                yield values;
            }
            case UINT64, INT64 -> {
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    values[i] = in.u64(key);
                }
                yield values;
            }
            case FLOAT32 -> {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = in.f32(key);
                }
                yield values;
            }
            case FLOAT64 -> {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = in.f64(key);
                }
                yield values;
            }
            case STRING -> {
                String[] values = new String[n];
                for (int i = 0; i < n; i++) {
                    values[i] = in.string(key);
                }
                yield values;
            }
            case ARRAY -> throw in.error("metadata '" + key + "' nests an array in an array, which RecLLM does not read");
        };
    }
}
