package org.recllm.llm.gguf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.recllm.core.quant.GgmlType;

/**
 * Damaged files (written by GgufWriter, then bytes changed or cut) fail with a GgufException that names the byte
 * where reading failed; counts and lengths that cannot fit the file are refused before anything is allocated.
 */
class GgufCorruptionTest {
    private static final Pattern AT_BYTE = Pattern.compile("at byte \\d+");
    private static final byte[] VALID = validFile();
    /** Where tensor data ends: cutting anywhere before it must fail. */
    private static final int DATA_END = dataEnd();

    @Test
    void badMagic() {
        byte[] file = VALID.clone();
        file[0] = 'X';
        expect(file, "at byte 0", "not a GGUF file");
    }

    @Test
    void versionOneAndUnknownVersions() {
        expect(withU32(VALID, 4, 1), "at byte 4", "version 1 is not supported");
        expect(withU32(VALID, 4, 7), "at byte 4", "unsupported GGUF version 7");
    }

    @Test
    void hugeStringLength() {
        // The first metadata key's length, right after magic, version and the two counts.
        expect(withU64(VALID, 24, 1L << 62), "at byte 32", "length count 4611686018427387904 cannot fit");
    }

    @Test
    void hugeTensorAndMetadataCounts() {
        expect(withU64(VALID, 8, 1L << 40), "tensor count 1099511627776 cannot fit");
        expect(withU64(VALID, 16, -1L), "metadata entry count 18446744073709551615 cannot fit");
    }

    @Test
    void hugeArrayLength() {
        int key = indexOf(VALID, "tokenizer.ggml.tokens") + "tokenizer.ggml.tokens".length();
        expect(withU64(VALID, key + 8, 1L << 50), "at byte " + (key + 16), "tokenizer.ggml.tokens count");
    }

    @Test
    void unknownValueAndTensorTypes() {
        int key = indexOf(VALID, "general.architecture") + "general.architecture".length();
        expect(withU32(VALID, key, 77), "at byte " + (key + 4), "unknown value type 77");
        int name = indexOf(VALID, "beta.weight") + "beta.weight".length();
        // After the name: rank (u32), two dimensions (u64), then the type id.
        expect(withU32(VALID, name + 4 + 16, 99), "at byte " + (name + 24), "unknown ggml type id 99");
    }

    @Test
    void tensorDataPastTheEnd() {
        expect(Arrays.copyOf(VALID, DATA_END - 1), "beta.weight", "runs past the end of the file");
    }

    @Test
    void absurdTensorOffset() {
        int name = indexOf(VALID, "beta.weight") + "beta.weight".length();
        expect(withU64(VALID, name + 24, -64L), "data offset 18446744073709551552");
    }

    @Test
    void aDimensionOutOfRangeIsNamedWithItsBound() {
        int dims = indexOf(VALID, "alpha.weight") + "alpha.weight".length() + 4;
        expect(withU64(VALID, dims + 8, (1L << 40) + 1), "at byte " + (dims + 16),
                "tensor 'alpha.weight' has dimension 1 of 1099511627777 in [64, 1099511627777]; each dimension must be from 1 to 1099511627776");
        expect(withU64(VALID, dims, -1L), "has dimension 0 of 18446744073709551615 in [18446744073709551615, 4]");
    }

    @Test
    void dimensionsWhoseProductIsOutOfRangeAreNamedWithTheBound() {
        int dims = indexOf(VALID, "alpha.weight") + "alpha.weight".length() + 4;
        byte[] file = withU64(withU64(VALID, dims, 1L << 21), dims + 8, 1L << 20);
        expect(file, "at byte " + (dims + 16),
                "tensor 'alpha.weight' has dimensions [2097152, 1048576] whose product exceeds 1099511627776 elements");
    }

    @Test
    void aVectorOfAnUnsupportedTypeIsRefused() {
        // I32 has F32's size, so the file stays consistent and only reading the values can notice.
        int type = indexOf(VALID, "alpha.weight") + "alpha.weight".length() + 4 + 16;
        try (GgufFile gguf = open(withU32(VALID, type, GgmlType.I32.id()))) {
            GgufException e = assertThrows(GgufException.class, () -> gguf.vector("alpha.weight"));
            assertTrue(e.getMessage().contains("tensor 'alpha.weight': weights of type I32 are not supported"), e.getMessage());
        }
    }

    @Property(tries = 150)
    void everyTruncationBeforeTheDataEndFailsCleanly(@ForAll @IntRange(min = 0, max = 100_000) int cut) {
        int length = cut % DATA_END;
        GgufException e = assertThrows(GgufException.class, () -> open(Arrays.copyOf(VALID, length)));
        assertTrue(AT_BYTE.matcher(e.getMessage()).find(), e.getMessage());
    }

    @Property(tries = 300)
    void flippedHeaderBytesFailCleanlyOrStillRead(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int flips) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] file = VALID.clone();
        int header = indexOf(VALID, "beta.weight") + 40;
        for (int i = 0; i < flips; i++) {
            file[random.nextInt(header)] ^= (byte) (1 << random.nextInt(8));
        }
        try {
            try (GgufFile gguf = open(file)) {
                for (String key : gguf.metadata().keys()) {
                    gguf.metadata().raw(key);
                }
                for (GgufTensorInfo info : gguf.tensors().values()) {
                    gguf.data(info);
                }
            }
        } catch (GgufException expected) {
            // A clean refusal is the other allowed outcome.
        }
    }

    private GgufFile open(byte[] bytes) {
        try {
            Path file = Files.createTempFile("corrupt", ".gguf");
            try {
                Files.write(file, bytes);
                return GgufFile.open(file);
            } finally {
                // The mapping outlives the path on POSIX systems.
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void expect(byte[] file, String... fragments) {
        GgufException e = assertThrows(GgufException.class, () -> open(file).close());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention '" + fragment + "'");
        }
    }

    private static byte[] validFile() {
        try {
            Path file = Files.createTempFile("valid", ".gguf");
            try {
                new GgufWriter()
                        .putString("general.architecture", "llama")
                        .putArray("tokenizer.ggml.tokens", GgufValueType.STRING, new String[] {"<unk>", "<s>", "a", "b"})
                        .putFloat32("llama.rope.freq_base", 10000f)
                        .addTensor("alpha.weight", GgmlType.F32, new long[] {64, 4}, new float[256])
                        .addTensor("beta.weight", GgmlType.Q8_0, new long[] {64, 2}, GgufWriterTest.values(new SplittableRandom(1), 128))
                        .write(file);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int dataEnd() {
        // beta (Q8_0, 128 elements = 4 blocks of 34 bytes) is last and padded to 32: its data ends 136 bytes after it starts.
        return VALID.length - (int) (align(136) - 136);
    }

    private static long align(long n) {
        return (n + 31) / 32 * 32;
    }

    private static int indexOf(byte[] haystack, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " not in the file");
    }

    private static byte[] withU32(byte[] file, int offset, int value) {
        byte[] copy = file.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    private static byte[] withU64(byte[] file, int offset, long value) {
        byte[] copy = file.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
        return copy;
    }
}
