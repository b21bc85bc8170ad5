package org.recllm.llm.gguf;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The key/value metadata of a GGUF file with typed access; a missing key or a value of the wrong type is an error
 * naming the file and the key.
 */
public final class GgufMetadata {
    private final Path file;
    private final Map<String, Object> values;

    GgufMetadata(Path file, Map<String, Object> values) {
        this.file = file;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Metadata built in memory rather than read from a file, e.g. a hand-made tokenizer vocabulary in a test. Values
     * take the types the reader produces: String, Boolean, Integer/Long, Float/Double, String[], float[], int[],
     * long[].
     */
    public static GgufMetadata of(Map<String, Object> values) {
        return new GgufMetadata(Path.of("in-memory-metadata"), new LinkedHashMap<>(values));
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Object raw(String key) {
        return require(key);
    }

    public String string(String key) {
        return as(key, String.class, "a string");
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public long integer(String key) {
        Object value = require(key);
        if (value instanceof Number number && !(value instanceof Float) && !(value instanceof Double)) {
            return number.longValue();
        }
        throw wrongType(key, "an integer", value);
    }

    public long integer(String key, long fallback) {
        return has(key) ? integer(key) : fallback;
    }

    public double real(String key) {
        Object value = require(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw wrongType(key, "a number", value);
    }

    public double real(String key, double fallback) {
        return has(key) ? real(key) : fallback;
    }

    public boolean bool(String key, boolean fallback) {
        return has(key) ? as(key, Boolean.class, "a boolean") : fallback;
    }

    public String[] strings(String key) {
        return as(key, String[].class, "an array of strings");
    }

    public float[] floats(String key) {
        return as(key, float[].class, "an array of float32");
    }

    /** An integer array of any width as int[]. */
    public int[] ints(String key) {
        Object value = require(key);
        return switch (value) {
            case int[] ints -> ints;
            case long[] longs -> {
                int[] ints = new int[longs.length];
                for (int i = 0; i < longs.length; i++) {
                    if (longs[i] != (int) longs[i]) {
                        throw new GgufException(file, -1, "metadata key '" + key + "' holds " + longs[i] + " at index " + i
                                + "; expected values that fit a 32-bit integer");
                    }
                    ints[i] = (int) longs[i];
                }
                yield ints;
            }
            default -> throw wrongType(key, "an array of integers", value);
        };
    }

    private Object require(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw new GgufException(file, -1, "metadata key '" + key + "' is missing");
        }
        return value;
    }

    private <T> T as(String key, Class<T> type, String expected) {
        Object value = require(key);
        if (!type.isInstance(value)) {
            throw wrongType(key, expected, value);
        }
        return type.cast(value);
    }

    private GgufException wrongType(String key, String expected, Object value) {
        return new GgufException(file, -1, "metadata key '" + key + "' should be " + expected + ", found "
                + value.getClass().getSimpleName());
    }
}
