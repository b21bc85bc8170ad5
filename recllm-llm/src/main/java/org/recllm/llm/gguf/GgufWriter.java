package org.recllm.llm.gguf;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.WeightMatrices;

/**
 * Builds a GGUF version 3 file: metadata of every GGUF value type, then tensors of any type RecLLM can encode. The
 * header (which needs every tensor's offset) is known before any tensor data exists, so tensors are described first
 * and their values pulled chunk by chunk while the file is written: a model larger than memory streams through. The
 * file appears atomically, whole or not at all.
 */
public final class GgufWriter {
    /** ggml's limit on tensor name length (GGML_MAX_NAME, including the terminating zero). */
    private static final int MAX_NAME_BYTES = 63;
    /** Elements pulled from a tensor's source at a time (rounded to whole rows): bounds the writer's memory. */
    static final int CHUNK_ELEMENTS = 1 << 16;

    /** Supplies a tensor's float32 values, in order: called with consecutive ascending ranges, each exactly once. */
    @FunctionalInterface
    public interface TensorValues {
        /** Fills {@code chunk[0, length)} with elements {@code first … first + length − 1} (flat, dims[0] fastest). */
        void fill(long first, float[] chunk, int length);
    }

    private record Entry(GgufValueType type, GgufValueType elementType, Object value) {}

    private record Tensor(String name, GgmlType type, long[] dims, TensorValues values, byte[] encoded) {
        long elements() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }

        long bytes() {
            return type.bytesFor(elements());
        }
    }

    private final Map<String, Entry> metadata = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    /** Tensor data alignment (a power of two), recorded as general.alignment; GGUF's default is 32. */
    public GgufWriter alignment(int alignment) {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("alignment must be a power of two, got " + alignment);
        }
        return put("general.alignment", GgufValueType.UINT32, alignment);
    }

    /**
     * A scalar value: a Number in the type's range for the integer and float types (UINT64 takes any long, read as
     * unsigned), a Boolean for BOOL, a String for STRING. A key given twice keeps the last value.
     */
    public GgufWriter put(String key, GgufValueType type, Object value) {
        if (type == GgufValueType.ARRAY) {
            throw new IllegalArgumentException("'" + key + "': use putArray for arrays");
        }
        checkScalar(key, type, value);
        metadata.put(checkKey(key), new Entry(type, null, value));
        return this;
    }

    /**
     * An array: int[] for the 8-, 16- and 32-bit integer types (values in range), boolean[] for BOOL, long[] for the
     * 64-bit integers, float[] for FLOAT32, double[] for FLOAT64, String[] for STRING.
     */
    public GgufWriter putArray(String key, GgufValueType elementType, Object values) {
        checkKey(key);
        switch (elementType) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32 -> {
                int[] ints = arrayOf(key, values, int[].class);
                for (int v : ints) {
                    checkScalar(key, elementType, v);
                }
            }
            case BOOL -> arrayOf(key, values, boolean[].class);
            case UINT64, INT64 -> arrayOf(key, values, long[].class);
            case FLOAT32 -> arrayOf(key, values, float[].class);
            case FLOAT64 -> arrayOf(key, values, double[].class);
            case STRING -> {
                for (String s : arrayOf(key, values, String[].class)) {
                    checkScalar(key, elementType, s);
                }
            }
            case ARRAY -> throw new IllegalArgumentException("'" + key + "': arrays of arrays are not written");
        }
        metadata.put(key, new Entry(GgufValueType.ARRAY, elementType, values));
        return this;
    }

    /**
     * A value as {@link GgufMetadata} reads it, typed by its Java class (to copy one file's metadata into another):
     * String, Boolean, Integer (INT32), Long (UINT32 when it fits, else INT64), Float, Double, and arrays of String,
     * int (INT32), long (INT64), float and double. The reader widens the 8- and 16-bit types, so those come back
     * as INT32.
     */
    public GgufWriter putValue(String key, Object value) {
        return switch (value) {
            case String s -> putString(key, s);
            case Boolean b -> putBool(key, b);
            case Integer i -> putInt32(key, i);
            case Long l -> l >= 0 && l <= 0xFFFFFFFFL ? putUInt32(key, l) : put(key, GgufValueType.INT64, l);
            case Float f -> putFloat32(key, f);
            case Double d -> put(key, GgufValueType.FLOAT64, d);
            case String[] a -> putArray(key, GgufValueType.STRING, a);
            case int[] a -> putArray(key, GgufValueType.INT32, a);
            case long[] a -> putArray(key, GgufValueType.INT64, a);
            case float[] a -> putArray(key, GgufValueType.FLOAT32, a);
            case double[] a -> putArray(key, GgufValueType.FLOAT64, a);
            default -> throw new IllegalArgumentException("'" + key + "': no GGUF type for a " + value.getClass().getSimpleName());
        };
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, value);
    }

    public GgufWriter putUInt32(String key, long value) {
        return put(key, GgufValueType.UINT32, value);
    }

    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValueType.INT32, value);
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    /**
     * A tensor whose values come from {@code values} while the file is written, stored as {@code type} (encoded from
     * float32 as {@link WeightMatrices#encode} does). Dimensions in ggml order: dims[0] is the contiguous one, and
     * for a block type a multiple of the block size.
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, TensorValues values) {
        if (!WeightMatrices.canEncode(type)) {
            throw new IllegalArgumentException("tensor '" + name + "': RecLLM cannot encode " + type
                    + " from float32; pass encoded blocks to addEncodedTensor");
        }
        return add(new Tensor(name, type, dims.clone(), values, null));
    }

    /** A tensor from float32 values held in memory. */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, float[] values) {
        long elements = product(dims);
        if (values.length != elements) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + elements + " elements, " + values.length + " values given");
        }
        return addTensor(name, type, dims, (first, chunk, length) -> System.arraycopy(values, (int) first, chunk, 0, length));
    }

    /** A tensor already in {@code type}'s byte layout (any ggml type, e.g. K-quant blocks built elsewhere). */
    public GgufWriter addEncodedTensor(String name, GgmlType type, long[] dims, byte[] encoded) {
        Tensor tensor = new Tensor(name, type, dims.clone(), null, encoded);
        checkShape(tensor);
        if (encoded.length != tensor.bytes()) {
            throw new IllegalArgumentException("tensor '" + name + "' of " + type + " " + java.util.Arrays.toString(dims)
                    + " takes " + tensor.bytes() + " bytes, " + encoded.length + " given");
        }
        return add(tensor);
    }

    /** Writes the file atomically (a temporary sibling renamed into place). */
    public void write(Path path) {
        long alignment = alignmentValue();
        AtomicFiles.write(path, out -> writeTo(new LittleEndian(out), alignment));
    }

    private void writeTo(LittleEndian out, long alignment) throws IOException {
        out.u32(GgufFile.MAGIC);
        out.u32(3);
        out.u64(tensors.size());
        out.u64(metadata.size());
        for (Map.Entry<String, Entry> kv : metadata.entrySet()) {
            out.string(kv.getKey());
            Entry entry = kv.getValue();
            out.u32(entry.type().id());
            if (entry.type() == GgufValueType.ARRAY) {
                writeArray(out, entry.elementType(), entry.value());
            } else {
                writeScalar(out, entry.type(), entry.value());
            }
        }
        List<Long> offsets = new ArrayList<>();
        long offset = 0;
        for (Tensor tensor : tensors.values()) {
            out.string(tensor.name());
            out.u32(tensor.dims().length);
            for (long d : tensor.dims()) {
                out.u64(d);
            }
            out.u32(tensor.type().id());
            out.u64(offset);
            offsets.add(offset);
            offset = align(offset + tensor.bytes(), alignment);
        }
        out.pad(alignment);
        long dataStart = out.position();
        int i = 0;
        for (Tensor tensor : tensors.values()) {
            if (out.position() - dataStart != offsets.get(i++)) {
                throw new IllegalStateException("tensor '" + tensor.name() + "' would land off its recorded offset");
            }
            writeData(out, tensor);
            out.pad(alignment);
        }
    }

    /** Pulls, encodes and writes a tensor a few whole rows at a time. */
    private static void writeData(LittleEndian out, Tensor tensor) throws IOException {
        if (tensor.encoded() != null) {
            out.bytes(tensor.encoded(), tensor.encoded().length);
            return;
        }
        long rowLength = tensor.dims()[0];
        long total = tensor.elements();
        int chunkElements = (int) Math.min(total, Math.max(1, CHUNK_ELEMENTS / rowLength) * rowLength);
        float[] chunk = new float[chunkElements];
        byte[] encoded = new byte[(int) tensor.type().bytesFor(chunkElements)];
        MemorySegment target = MemorySegment.ofArray(encoded);
        for (long first = 0; first < total; first += chunkElements) {
            int length = (int) Math.min(chunkElements, total - first);
            tensor.values().fill(first, chunk, length);
            WeightMatrices.encode(tensor.type(), chunk, 0, length, target, 0);
            out.bytes(encoded, (int) tensor.type().bytesFor(length));
        }
    }

    private GgufWriter add(Tensor tensor) {
        checkShape(tensor);
        byte[] name = tensor.name().getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name '" + tensor.name() + "' must be 1 to " + MAX_NAME_BYTES + " bytes");
        }
        if (tensors.putIfAbsent(tensor.name(), tensor) != null) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' is added twice");
        }
        return this;
    }

    private static void checkShape(Tensor tensor) {
        long[] dims = tensor.dims();
        if (dims.length < 1 || dims.length > 4) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' has rank " + dims.length + "; GGUF takes 1 to 4");
        }
        for (long d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor '" + tensor.name() + "' has dimension " + d);
            }
        }
        if (dims[0] % tensor.type().blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "': rows of " + dims[0] + " elements are not whole "
                    + tensor.type() + " blocks of " + tensor.type().blockSize());
        }
    }

    private long alignmentValue() {
        Entry entry = metadata.get("general.alignment");
        if (entry == null) {
            return GgufFile.DEFAULT_ALIGNMENT;
        }
        long alignment = entry.value() instanceof Number n && entry.type() != GgufValueType.FLOAT32
                && entry.type() != GgufValueType.FLOAT64 ? n.longValue() : -1;
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("general.alignment must be a power-of-two integer, got " + entry.value());
        }
        return alignment;
    }

    private static long align(long offset, long alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private static long product(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static String checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a metadata key must not be empty");
        }
        return key;
    }

    private static <T> T arrayOf(String key, Object values, Class<T> type) {
        if (!type.isInstance(values)) {
            throw new IllegalArgumentException("'" + key + "' needs a " + type.getSimpleName() + ", got "
                    + (values == null ? "null" : values.getClass().getSimpleName()));
        }
        return type.cast(values);
    }

    private static void checkScalar(String key, GgufValueType type, Object value) {
        boolean ok = switch (type) {
            case UINT8 -> inRange(value, 0, 0xFF);
            case INT8 -> inRange(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case UINT16 -> inRange(value, 0, 0xFFFF);
            case INT16 -> inRange(value, Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT32 -> inRange(value, 0, 0xFFFFFFFFL);
            case INT32 -> inRange(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UINT64, INT64 -> value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
            case FLOAT32, FLOAT64 -> value instanceof Number;
            case BOOL -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case ARRAY -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("'" + key + "': " + value + " is not a " + type + " value");
        }
    }

    private static boolean inRange(Object value, long min, long max) {
        return (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)
                && ((Number) value).longValue() >= min && ((Number) value).longValue() <= max;
    }

    private static void writeScalar(LittleEndian out, GgufValueType type, Object value) throws IOException {
        switch (type) {
            case UINT8, INT8 -> out.u8(((Number) value).intValue());
            case BOOL -> out.u8((Boolean) value ? 1 : 0);
            case UINT16, INT16 -> out.u16(((Number) value).intValue());
            case UINT32, INT32 -> out.u32((int) ((Number) value).longValue());
            case UINT64, INT64 -> out.u64(((Number) value).longValue());
            case FLOAT32 -> out.u32(Float.floatToRawIntBits(((Number) value).floatValue()));
            case FLOAT64 -> out.u64(Double.doubleToRawLongBits(((Number) value).doubleValue()));
            case STRING -> out.string((String) value);
            case ARRAY -> throw new IllegalStateException("arrays are written by writeArray");
        }
    }

    private static void writeArray(LittleEndian out, GgufValueType type, Object values) throws IOException {
        out.u32(type.id());
        switch (values) {
            case int[] ints -> {
                out.u64(ints.length);
                for (int v : ints) {
                    writeScalar(out, type, v);
                }
            }
            case boolean[] bools -> {
                out.u64(bools.length);
                for (boolean v : bools) {
                    out.u8(v ? 1 : 0);
                }
            }
            case long[] longs -> {
                out.u64(longs.length);
                for (long v : longs) {
                    out.u64(v);
                }
            }
            case float[] floats -> {
                out.u64(floats.length);
                for (float v : floats) {
                    out.u32(Float.floatToRawIntBits(v));
                }
            }
            case double[] doubles -> {
                out.u64(doubles.length);
                for (double v : doubles) {
                    out.u64(Double.doubleToRawLongBits(v));
                }
            }
            case String[] strings -> {
                out.u64(strings.length);
                for (String v : strings) {
                    out.string(v);
                }
            }
            default -> throw new IllegalStateException("unchecked array " + values.getClass());
        }
    }

    /** Little-endian primitives over a stream, counting bytes so padding and offsets can be checked. */
    private static final class LittleEndian {
        private final OutputStream out;
        private final byte[] scratch = new byte[8];
        private long position;

        LittleEndian(OutputStream out) {
            this.out = out;
        }

        long position() {
            return position;
        }

        void u8(int v) throws IOException {
            out.write(v);
            position++;
        }

        void u16(int v) throws IOException {
            little(v, 2);
        }

        void u32(int v) throws IOException {
            little(v, 4);
        }

        void u64(long v) throws IOException {
            little(v, 8);
        }

        private void little(long v, int bytes) throws IOException {
            for (int i = 0; i < bytes; i++) {
                scratch[i] = (byte) (v >>> (8 * i));
            }
            bytes(scratch, bytes);
        }

        void string(String s) throws IOException {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            u64(utf8.length);
            bytes(utf8, utf8.length);
        }

        void bytes(byte[] data, int length) throws IOException {
            out.write(data, 0, length);
            position += length;
        }

        void pad(long alignment) throws IOException {
            while (position % alignment != 0) {
                u8(0);
            }
        }
    }
}
