package org.recllm.llm.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.quant.WeightMatrices;
import org.recllm.core.quant.WeightMatrix;

/** Files written by GgufWriter read back through GgufFile: every metadata type, every tensor type, alignment, streaming. */
class GgufWriterTest {
    @TempDir
    Path dir;

    @Test
    void everyMetadataTypeRoundTrips() {
        Path file = dir.resolve("meta.gguf");
        new GgufWriter()
                .put("u8", GgufValueType.UINT8, 255)
                .put("i8", GgufValueType.INT8, -128)
                .put("u16", GgufValueType.UINT16, 65535)
                .put("i16", GgufValueType.INT16, -32768)
                .put("u32", GgufValueType.UINT32, 4294967295L)
                .put("i32", GgufValueType.INT32, Integer.MIN_VALUE)
                .put("u64", GgufValueType.UINT64, -1L)
                .put("i64", GgufValueType.INT64, Long.MIN_VALUE)
                .put("f32", GgufValueType.FLOAT32, 1.5e-7f)
                .put("f64", GgufValueType.FLOAT64, Math.PI)
                .putBool("yes", true)
                .putBool("no", false)
                .putString("text", "héllo ▁world 🙂")
                .putString("empty", "")
                .putArray("strings", GgufValueType.STRING, new String[] {"a", "", "▁b", "<0x0A>"})
                .putArray("no strings", GgufValueType.STRING, new String[0])
                .putArray("u8s", GgufValueType.UINT8, new int[] {0, 200, 255})
                .putArray("i8s", GgufValueType.INT8, new int[] {-128, 0, 127})
                .putArray("u16s", GgufValueType.UINT16, new int[] {0, 65535})
                .putArray("i16s", GgufValueType.INT16, new int[] {-32768, 32767})
                .putArray("i32s", GgufValueType.INT32, new int[] {1, -2, Integer.MAX_VALUE})
                .putArray("u32s", GgufValueType.UINT32, new int[] {0, 7})
                .putArray("i64s", GgufValueType.INT64, new long[] {Long.MAX_VALUE, -5})
                .putArray("u64s", GgufValueType.UINT64, new long[] {-1L})
                .putArray("f32s", GgufValueType.FLOAT32, new float[] {0.25f, -3, Float.NaN})
                .putArray("f64s", GgufValueType.FLOAT64, new double[] {1e300, -0.0})
                .putArray("bools", GgufValueType.BOOL, new boolean[] {true, false, true})
                .write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            GgufMetadata meta = gguf.metadata();
            assertEquals(3, gguf.version());
            assertEquals(255, meta.raw("u8"));
            assertEquals(-128, meta.raw("i8"));
            assertEquals(65535, meta.raw("u16"));
            assertEquals(-32768, meta.raw("i16"));
            assertEquals(4294967295L, meta.integer("u32"));
            assertEquals(Integer.MIN_VALUE, meta.integer("i32"));
            assertEquals("18446744073709551615", Long.toUnsignedString(meta.integer("u64")));
            assertEquals(Long.MIN_VALUE, meta.integer("i64"));
            assertEquals(1.5e-7f, (Float) meta.raw("f32"));
            assertEquals(Math.PI, meta.real("f64"));
            assertTrue(meta.bool("yes", false));
            assertFalse(meta.bool("no", true));
            assertEquals("héllo ▁world 🙂", meta.string("text"));
            assertEquals("", meta.string("empty"));
            assertArrayEquals(new String[] {"a", "", "▁b", "<0x0A>"}, meta.strings("strings"));
            assertEquals(0, meta.strings("no strings").length);
            assertArrayEquals(new int[] {0, 200, 255}, meta.ints("u8s"));
            assertArrayEquals(new int[] {-128, 0, 127}, meta.ints("i8s"));
            assertArrayEquals(new int[] {0, 65535}, meta.ints("u16s"));
            assertArrayEquals(new int[] {-32768, 32767}, meta.ints("i16s"));
            assertArrayEquals(new int[] {1, -2, Integer.MAX_VALUE}, meta.ints("i32s"));
            assertArrayEquals(new int[] {0, 7}, meta.ints("u32s"));
            assertArrayEquals(new long[] {Long.MAX_VALUE, -5}, (long[]) meta.raw("i64s"));
            GgufException tooWide = assertThrows(GgufException.class, () -> meta.ints("i64s"));
            assertEquals(file + ": metadata key 'i64s' holds 9223372036854775807 at index 0; expected values that fit a 32-bit "
                    + "integer", tooWide.getMessage());
            assertArrayEquals(new long[] {-1L}, (long[]) meta.raw("u64s"));
            assertArrayEquals(new float[] {0.25f, -3, Float.NaN}, meta.floats("f32s"));
            assertArrayEquals(new double[] {1e300, -0.0}, (double[]) meta.raw("f64s"));
            assertArrayEquals(new int[] {1, 0, 1}, meta.ints("bools"));
            assertEquals(27, meta.keys().size());
        }
    }

    @Test
    void tensorsOfEveryEncodableTypeRoundTrip() {
        SplittableRandom random = new SplittableRandom(3);
        GgufWriter writer = new GgufWriter();
        List<Object[]> expected = new ArrayList<>();
        long[][] shapes = {{64}, {96, 5}, {32, 3, 2}, {64, 1, 1, 3}};
        for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0}) {
            for (long[] dims : shapes) {
                String name = type + "." + dims.length;
                float[] values = values(random, (int) product(dims));
                writer.addTensor(name, type, dims, values);
                expected.add(new Object[] {name, type, dims, values});
            }
        }
        byte[] q4k = new byte[(int) GgmlType.Q4_K.bytesFor(512)];
        random.nextBytes(q4k);
        writer.addEncodedTensor("blocks.q4_k", GgmlType.Q4_K, new long[] {256, 2}, q4k);
        Path file = dir.resolve("tensors.gguf");
        writer.write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(expected.size() + 1, gguf.tensors().size());
            for (Object[] e : expected) {
                GgufTensorInfo info = gguf.tensor((String) e[0]);
                GgmlType type = (GgmlType) e[1];
                float[] values = (float[]) e[3];
                assertEquals(type, info.type());
                assertArrayEquals((long[]) e[2], info.dims());
                assertEquals(0, info.offset() % 32, "aligned to the default 32");
                // The stored bytes are exactly what the encoder makes of the values.
                byte[] direct = new byte[(int) type.bytesFor(values.length)];
                WeightMatrices.encode(type, values, 0, values.length, MemorySegment.ofArray(direct), 0);
                assertArrayEquals(direct, gguf.data(info).toArray(ValueLayout.JAVA_BYTE), info.name());
                if (type == GgmlType.F32) {
                    assertArrayEquals(values, gguf.vector(info.name()));
                }
            }
            assertArrayEquals(q4k, gguf.data(gguf.tensor("blocks.q4_k")).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(GgmlType.Q4_K, gguf.matrix("blocks.q4_k").type());
            WeightMatrix matrix = gguf.matrix("Q8_0.2");
            assertEquals(5, matrix.rows());
            assertEquals(96, matrix.cols());
        }
    }

    @Test
    void honoursANonDefaultAlignment() throws IOException {
        Path file = dir.resolve("aligned.gguf");
        new GgufWriter().alignment(128)
                .addTensor("a", GgmlType.F32, new long[] {3}, new float[] {1, 2, 3})
                .addTensor("b", GgmlType.F16, new long[] {5}, new float[] {1, 2, 3, 4, 5})
                .write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(128, gguf.metadata().integer("general.alignment"));
            assertEquals(0, gguf.tensor("a").offset());
            assertEquals(128, gguf.tensor("b").offset());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5}, gguf.vector("b"));
        }
        assertEquals(0, Files.size(file) % 128, "the last tensor is padded too");
    }

    @Test
    void pullsValuesInAscendingBoundedChunksOfWholeRows() {
        int rowLength = 320;
        int rows = 1000;
        List<long[]> calls = new ArrayList<>();
        Path file = dir.resolve("stream.gguf");
        new GgufWriter().addTensor("big", GgmlType.Q8_0, new long[] {rowLength, rows}, (first, chunk, length) -> {
            calls.add(new long[] {first, length});
            for (int i = 0; i < length; i++) {
                chunk[i] = (first + i) % 97 / 97f;
            }
        }).write(file);
        long next = 0;
        for (long[] call : calls) {
            assertEquals(next, call[0], "consecutive");
            assertTrue(call[1] <= GgufWriter.CHUNK_ELEMENTS && call[1] % rowLength == 0, "bounded, whole rows");
            next += call[1];
        }
        assertEquals((long) rowLength * rows, next);
        try (GgufFile gguf = GgufFile.open(file)) {
            float[] row = new float[rowLength];
            gguf.matrix("big").dequantizeRow(999, row, 0);
            assertEquals((999L * rowLength + 5) % 97 / 97f, row[5], 0.01f);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.gguf");
        new GgufWriter().putString("version", "old").write(file);
        byte[] before = Files.readAllBytes(file);
        GgufWriter failing = new GgufWriter().putString("version", "new").addTensor("t", GgmlType.F32, new long[] {1000, 1000},
                (first, chunk, length) -> {
                    if (first > 0) {
                        throw new IllegalStateException("generator failed");
                    }
                });
        assertThrows(IllegalStateException.class, () -> failing.write(file));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void rejectsWhatGgufCannotHold() {
        GgufWriter writer = new GgufWriter();
        assertThrows(IllegalArgumentException.class, () -> writer.put("x", GgufValueType.UINT8, 256));
        assertThrows(IllegalArgumentException.class, () -> writer.put("x", GgufValueType.INT16, 40000));
        assertThrows(IllegalArgumentException.class, () -> writer.put("x", GgufValueType.UINT32, -1));
        assertThrows(IllegalArgumentException.class, () -> writer.put("x", GgufValueType.STRING, 3));
        assertThrows(IllegalArgumentException.class, () -> writer.putArray("x", GgufValueType.UINT8, new int[] {300}));
        assertThrows(IllegalArgumentException.class, () -> writer.putArray("x", GgufValueType.FLOAT32, new double[1]));
        assertThrows(IllegalArgumentException.class, () -> writer.alignment(48));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("q", GgmlType.Q8_0, new long[] {48, 2}, new float[96]));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("r", GgmlType.F32, new long[] {2, 0}, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("k", GgmlType.Q5_K, new long[] {256}, new float[256]));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("n".repeat(64), GgmlType.F32, new long[] {1}, new float[1]));
        writer.addTensor("dup", GgmlType.F32, new long[] {1}, new float[1]);
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("dup", GgmlType.F32, new long[] {1}, new float[1]));
    }

    static float[] values(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * 0.5);
        }
        return values;
    }

    private static long product(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }
}
