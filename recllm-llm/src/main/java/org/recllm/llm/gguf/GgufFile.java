package org.recllm.llm.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.recllm.core.io.BadInputException;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.WeightMatrices;
import org.recllm.core.quant.WeightMatrix;

/**
 * A GGUF file (versions 2 and 3), memory-mapped: its metadata, its tensor directory, and zero-copy views of tensor
 * data. Every count and offset is checked against the file's size before it is used, so a truncated or corrupt file
 * gives an error naming the byte where reading failed instead of a crash or an out-of-memory error.
 */
public final class GgufFile implements AutoCloseable {
    static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    /** 2^40 elements: far beyond any model's tensor, far below where sizes in bytes overflow a long. */
    static final long MAX_ELEMENTS = 1L << 40;

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final int version;
    private final GgufMetadata metadata;
    private final Map<String, GgufTensorInfo> tensors;
    private final long dataOffset;

    private GgufFile(Path path, Arena arena, MemorySegment file) {
        this.path = path;
        this.arena = arena;
        this.file = file;
        GgufCursor in = new GgufCursor(file, path);
        int magic = in.u32("the magic number");
        if (magic != MAGIC) {
            throw new GgufException(path, 0, "not a GGUF file (magic " + String.format("0x%08x", magic) + ", expected \"GGUF\")");
        }
        this.version = in.u32("the version");
        if (version == 1) {
            throw new GgufException(path, 4, "GGUF version 1 is not supported; convert the model with a current llama.cpp");
        }
        if (version != 2 && version != 3) {
            String hint = Integer.reverseBytes(version) <= 3 ? " (a big-endian GGUF? only little-endian files are read)" : "";
            throw new GgufException(path, 4, "unsupported GGUF version " + version + "; expected 2 or 3" + hint);
        }
        long tensorCount = in.u64("the tensor count");
        long metadataCount = in.u64("the metadata count");
        int kvs = in.count(metadataCount, 13, "metadata entry");
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < kvs; i++) {
            String key = in.string("a metadata key");
            values.put(key, GgufValues.read(in, key));
        }
        this.metadata = new GgufMetadata(path, values);
        int count = in.count(tensorCount, 24, "tensor");
        Map<String, GgufTensorInfo> infos = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            GgufTensorInfo info = readTensorInfo(in);
            if (infos.put(info.name(), info) != null) {
                throw in.error("tensor '" + info.name() + "' is listed twice");
            }
        }
        this.tensors = Collections.unmodifiableMap(infos);
        long alignment = metadata.integer("general.alignment", DEFAULT_ALIGNMENT);
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new GgufException(path, -1, "general.alignment " + alignment + " is not a power of two");
        }
        this.dataOffset = (in.position() + alignment - 1) / alignment * alignment;
        for (GgufTensorInfo info : tensors.values()) {
            if (info.offset() % alignment != 0) {
                throw new GgufException(path, -1, "tensor '" + info.name() + "' starts at " + info.offset()
                        + ", which is not a multiple of the alignment " + alignment);
            }
            if (dataOffset + info.offset() + info.bytes() > file.byteSize()) {
                throw new GgufException(path, dataOffset + info.offset(), "tensor '" + info.name() + "' (" + info.bytes()
                        + " bytes) runs past the end of the file (" + file.byteSize() + " bytes): truncated");
            }
        }
    }

    private GgufTensorInfo readTensorInfo(GgufCursor in) {
        String name = in.string("a tensor name");
        int rank = in.u32("the rank of " + name);
        if (rank < 1 || rank > 4) {
            throw in.error("tensor '" + name + "' has rank " + Integer.toUnsignedString(rank) + "; expected 1 to 4");
        }
        long[] dims = new long[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = in.u64("dimension " + d + " of " + name);
        }
        long elements = 1;
        for (int d = 0; d < rank; d++) {
            if (dims[d] <= 0 || dims[d] > MAX_ELEMENTS) {
                throw in.error("tensor '" + name + "' has dimension " + d + " of " + Long.toUnsignedString(dims[d]) + " in "
                        + unsigned(dims) + "; each dimension must be from 1 to " + MAX_ELEMENTS);
            }
            // Each factor is at most the bound, so the division tells whether the next product would pass it.
            if (elements > MAX_ELEMENTS / dims[d]) {
                throw in.error("tensor '" + name + "' has dimensions " + unsigned(dims) + " whose product exceeds "
                        + MAX_ELEMENTS + " elements");
            }
            elements *= dims[d];
        }
        int typeId = in.u32("the type of " + name);
        GgmlType type = GgmlType.byId(typeId);
        if (type == null) {
            throw in.error("tensor '" + name + "' has unknown ggml type id " + typeId);
        }
        if (dims[0] % type.blockSize() != 0) {
            // ggml lays out block types row by row, so each row (dims[0] elements) is a whole number of blocks.
            throw in.error("tensor '" + name + "' has rows of " + dims[0] + " elements, not a whole number of " + type + " blocks");
        }
        long offset = in.u64("the offset of " + name);
        if (offset < 0 || offset > in.size()) {
            throw new GgufException(path, in.position() - 8, "tensor '" + name + "' has data offset " + Long.toUnsignedString(offset)
                    + ", beyond the end of the file (" + in.size() + " bytes): corrupt");
        }
        return new GgufTensorInfo(name, dims, type, offset);
    }

    private static String unsigned(long[] dims) {
        return Arrays.stream(dims).mapToObj(Long::toUnsignedString).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Opens and maps {@code path}; the mapping lives until {@link #close()}. */
    public static GgufFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new GgufFile(path, arena, file);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new BadInputException(path, "model file not found");
        } catch (IOException e) {
            arena.close();
            throw new BadInputException(path, "cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    public Map<String, GgufTensorInfo> tensors() {
        return tensors;
    }

    public boolean hasTensor(String name) {
        return tensors.containsKey(name);
    }

    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo info = tensors.get(name);
        if (info == null) {
            throw new GgufException(path, -1, "tensor '" + name + "' is missing");
        }
        return info;
    }

    /** The tensor's bytes, a view of the mapped file. */
    public MemorySegment data(GgufTensorInfo info) {
        return file.asSlice(dataOffset + info.offset(), info.bytes());
    }

    /** A 2-D tensor as a weight matrix: rows = dims[1], cols = dims[0]. */
    public WeightMatrix matrix(String name) {
        GgufTensorInfo info = tensor(name);
        if (info.dims().length != 2) {
            throw new GgufException(path, -1, "tensor '" + name + "' has shape " + Arrays.toString(info.dims())
                    + "; expected a matrix");
        }
        if (info.dims()[0] > Integer.MAX_VALUE || info.dims()[1] > Integer.MAX_VALUE) {
            throw new GgufException(path, -1, "tensor '" + name + "' has shape " + Arrays.toString(info.dims())
                    + "; a matrix side must fit an int");
        }
        return weights(info, (int) info.dims()[1], (int) info.dims()[0]);
    }

    /** The tensor's data as {@code rows} × {@code cols} weights; a type RecLLM has no kernel for is this file's fault. */
    private WeightMatrix weights(GgufTensorInfo info, int rows, int cols) {
        try {
            return WeightMatrices.of(info.type(), data(info), rows, cols);
        } catch (UnsupportedOperationException e) {
            throw new GgufException(path, -1, "tensor '" + info.name() + "': " + e.getMessage());
        }
    }

    /** A 1-D tensor (norm weights, biases) as float32 values. */
    public float[] vector(String name) {
        GgufTensorInfo info = tensor(name);
        int n = Math.toIntExact(info.elements());
        MemorySegment data = data(info);
        float[] values = new float[n];
        switch (info.type()) {
            case F32 -> MemorySegment.copy(data, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, values, 0, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    values[i] = Float.float16ToFloat(data.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    int bits = data.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i) & 0xFFFF;
                    values[i] = Float.intBitsToFloat(bits << 16);
                }
            }
            default -> weights(info, 1, n).dequantizeRow(0, values, 0);
        }
        return values;
    }

    @Override
    public void close() {
        arena.close();
    }
}
