package org.recllm.llm.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Sequential little-endian reads from a mapped GGUF file, each checked against the file's end. */
final class GgufCursor {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment file;
    private final Path path;
    private long position;

    GgufCursor(MemorySegment file, Path path) {
        this.file = file;
        this.path = path;
    }

    long position() {
        return position;
    }

    long size() {
        return file.byteSize();
    }

    long remaining() {
        return file.byteSize() - position;
    }

    void seek(long offset) {
        position = offset;
    }

    GgufException error(String problem) {
        return new GgufException(path, position, problem);
    }

    private void need(long bytes, String what) {
        if (bytes < 0 || bytes > remaining()) {
            throw error("the file ends while reading " + what + " (" + bytes + " bytes needed, " + remaining()
                    + " left): truncated or corrupt");
        }
    }

    byte u8(String what) {
        need(1, what);
        return file.get(ValueLayout.JAVA_BYTE, position++);
    }

    short u16(String what) {
        need(2, what);
        short value = file.get(SHORT, position);
        position += 2;
        return value;
    }

    int u32(String what) {
        need(4, what);
        int value = file.get(INT, position);
        position += 4;
        return value;
    }

    long u64(String what) {
        need(8, what);
        long value = file.get(LONG, position);
        position += 8;
        return value;
    }

    float f32(String what) {
        need(4, what);
        float value = file.get(FLOAT, position);
        position += 4;
        return value;
    }

    double f64(String what) {
        need(8, what);
        double value = file.get(DOUBLE, position);
        position += 8;
        return value;
    }

    /** A count that must fit the rest of the file at {@code minBytes} per item: corrupt counts fail here, not with OOM. */
    int count(long count, int minBytes, String what) {
        if (count < 0 || count > Integer.MAX_VALUE - 8 || count * minBytes > remaining()) {
            throw error(what + " count " + Long.toUnsignedString(count) + " cannot fit the " + remaining()
                    + " bytes left: truncated or corrupt");
        }
        return (int) count;
    }

    String string(String what) {
        int length = count(u64(what + " length"), 1, what + " length");
        byte[] bytes = new byte[length];
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, position, bytes, 0, length);
        position += length;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // Some vocabularies hold raw byte tokens that are not UTF-8; keep them byte for byte.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
