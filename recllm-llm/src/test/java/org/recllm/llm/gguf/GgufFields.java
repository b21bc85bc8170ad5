package org.recllm.llm.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Where the integer fields of a valid GGUF file lie (header counts, string and array lengths, value types, metadata
 * numbers, tensor ranks, dimensions, types and offsets), found by walking it as the format lays it out, so a fuzz test
 * can aim its edits at the fields a reader trusts instead of only at random bytes.
 */
record GgufFields(List<Field> fields, int firstTensorField) {
    /** {@code width} little-endian bytes at {@code offset}. */
    record Field(int offset, int width) {}

    /**
     * A field, half the time from the tensor directory: a vocabulary's thousands of fields would otherwise leave the
     * few dozen tensor ranks, dimensions, types and offsets almost untouched.
     */
    Field pick(Random random) {
        int from = random.nextBoolean() ? firstTensorField : 0;
        return fields.get(from + random.nextInt(fields.size() - from));
    }

    static GgufFields of(byte[] valid) {
        Walker walker = new Walker(ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN));
        walker.buffer.position(8);
        long tensors = walker.number(8);
        long entries = walker.number(8);
        for (long i = 0; i < entries; i++) {
            walker.string();
            walker.value((int) walker.number(4));
        }
        int firstTensorField = walker.found.size();
        for (long i = 0; i < tensors; i++) {
            walker.string();
            long rank = walker.number(4);
            for (long d = 0; d < rank; d++) {
                walker.number(8);
            }
            walker.number(4);
            walker.number(8);
        }
        return new GgufFields(List.copyOf(walker.found), firstTensorField);
    }

    private static final class Walker {
        final ByteBuffer buffer;
        final List<Field> found = new ArrayList<>();

        Walker(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        long number(int width) {
            found.add(new Field(buffer.position(), width));
            return switch (width) {
                case 1 -> buffer.get();
                case 2 -> buffer.getShort();
                case 4 -> buffer.getInt() & 0xFFFFFFFFL;
                default -> buffer.getLong();
            };
        }

        void string() {
            int length = (int) number(8);
            buffer.position(buffer.position() + length);
        }

        void value(int typeId) {
            GgufValueType type = GgufValueType.byId(typeId);
            switch (type) {
                case UINT8, INT8, BOOL -> number(1);
                case UINT16, INT16 -> number(2);
                case UINT32, INT32, FLOAT32 -> number(4);
                case UINT64, INT64, FLOAT64 -> number(8);
                case STRING -> string();
                case ARRAY -> {
                    int elementType = (int) number(4);
                    long count = number(8);
                    for (long i = 0; i < count; i++) {
                        value(elementType);
                    }
                }
            }
        }
    }
}
