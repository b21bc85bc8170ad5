package org.recllm.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recllm.core.quant.GgmlType;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.gguf.GgufException;
import org.recllm.llm.gguf.GgufWriter;
import org.recllm.llm.gguf.RandomModelSpec;
import org.recllm.llm.gguf.RandomModels;

/**
 * Model metadata is checked when a file is opened: the tiny random llama (width 64, 4 heads over 2 key/value heads,
 * 2 layers, vocabulary 512, context 256) with one value changed in place fails with a GgufException naming the file,
 * the key and what was expected, instead of an ArithmeticException or a crash mid-pass.
 */
class ModelMetadataTest {
    @TempDir
    static Path dir;
    private static byte[] valid;

    @BeforeAll
    static void write() throws IOException {
        Path file = dir.resolve("valid.gguf");
        RandomModels.write(RandomModelSpec.tiny("llama", GgmlType.F32, 1), file);
        valid = Files.readAllBytes(file);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "llama.attention.head_count|0|metadata key 'llama.attention.head_count' is 0; expected a count from 1 to 2147483647",
        "llama.attention.head_count_kv|0|metadata key 'llama.attention.head_count_kv' is 0; expected a count",
        "llama.attention.head_count_kv|3|metadata key 'llama.attention.head_count_kv' is 3; expected a divisor of "
                + "llama.attention.head_count (4)",
        "llama.attention.head_count|6|metadata key 'llama.embedding_length' is 64; expected a multiple of "
                + "llama.attention.head_count (6)",
        "llama.context_length|0|metadata key 'llama.context_length' is 0; expected a count",
        "llama.block_count|0|metadata key 'llama.block_count' is 0; expected a count",
        "llama.block_count|-1|metadata key 'llama.block_count' is 4294967295; expected a count from 1 to 2147483647",
        "llama.feed_forward_length|0|metadata key 'llama.feed_forward_length' is 0; expected a count",
        "llama.rope.dimension_count|7|metadata key 'llama.rope.dimension_count' is 7; expected an even count of at most "
                + "the head size 16",
        "llama.embedding_length|128|tensor 'blk.0.attn_norm.weight' has 64 values; the model's metadata needs 128",
        "llama.feed_forward_length|64|tensor 'blk.0.ffn_gate.weight' is 64 → 128; the model's metadata needs 64 → 64",
    })
    void badMetadataIsNamedWhenTheModelOpens(String key, int value, String expected) throws IOException {
        Path file = dir.resolve("bad.gguf");
        Files.write(file, withUInt32Value(valid, key, value));
        GgufException e = assertThrows(GgufException.class, () -> LanguageModel.open(file).close());
        assertEquals(file + ": " + expected, e.getMessage().substring(0, Math.min(e.getMessage().length(),
                file.toString().length() + 2 + expected.length())));
    }

    @Test
    void aVocabularyThatDoesNotMatchTheEmbeddingIsNamed() throws IOException {
        Path file = dir.resolve("vocabulary.gguf");
        // token_embd.weight is [64, 512]: its second dimension follows the name, the rank and the first dimension.
        byte[] bytes = valid.clone();
        int dims = keyEnd(bytes, "token_embd.weight") + 4;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(dims + 8, 500);
        Files.write(file, bytes);
        GgufException e = assertThrows(GgufException.class, () -> LanguageModel.open(file).close());
        assertEquals(file + ": metadata key 'tokenizer.ggml.tokens' lists 512 tokens; expected one per row of tensor "
                + "'token_embd.weight' (500)", e.getMessage());
    }

    @Test
    void aTokenEmbeddingThatIsNotAMatrixIsNamed() {
        Path file = dir.resolve("embedding.gguf");
        llamaShape().addTensor("token_embd.weight", GgmlType.F32, new long[] {64}, new float[64]).write(file);
        GgufException e = assertThrows(GgufException.class, () -> LanguageModel.open(file).close());
        assertEquals(file + ": tensor 'token_embd.weight' has shape [64]; expected a matrix", e.getMessage());
    }

    @Test
    void aHeadSizeWhoseQueryWidthOverflowsAnIntIsNamed() {
        Path file = dir.resolve("head-size.gguf");
        // 4 heads × (2^30 + 4) wraps to 16 in int arithmetic.
        llamaShape().putUInt32("llama.attention.key_length", (1L << 30) + 4)
                .addTensor("token_embd.weight", GgmlType.F32, new long[] {64, 8}, new float[512]).write(file);
        GgufException e = assertThrows(GgufException.class, () -> LanguageModel.open(file).close());
        assertEquals(file + ": metadata key 'llama.attention.key_length' is 1073741828; expected at most 536870911 "
                + "(2147483647 / llama.attention.head_count 4)", e.getMessage());
    }

    /** The tiny llama's shape metadata without tensors or vocabulary: enough for the checks that come before them. */
    private static GgufWriter llamaShape() {
        return new GgufWriter().putString("general.architecture", "llama").putUInt32("llama.embedding_length", 64)
                .putUInt32("llama.attention.head_count", 4).putUInt32("llama.attention.head_count_kv", 4)
                .putUInt32("llama.block_count", 2).putUInt32("llama.feed_forward_length", 128);
    }

    @Test
    void theUnchangedFileOpens() {
        Path file = dir.resolve("unchanged.gguf");
        try {
            Files.write(file, valid);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try (LanguageModel llm = LanguageModel.open(file)) {
            assertEquals(4, llm.config().heads());
            assertEquals(256, llm.config().contextLength());
            assertTrue(llm.transformer().decode(llm.transformer().newCache(1), 5).rows() == 1);
        }
    }

    /** {@code file} with the UINT32 value of metadata key {@code key} replaced. */
    private static byte[] withUInt32Value(byte[] file, String key, int value) {
        byte[] copy = file.clone();
        // After the key: its value type (u32), then the value.
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(keyEnd(copy, key) + 4, value);
        return copy;
    }

    /** Where the GGUF string {@code text} (a u64 length, then its bytes) ends in {@code file}. */
    private static int keyEnd(byte[] file, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] needle = ByteBuffer.allocate(8 + bytes.length).order(ByteOrder.LITTLE_ENDIAN).putLong(bytes.length).put(bytes).array();
        outer:
        for (int i = 0; i + needle.length <= file.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (file[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i + needle.length;
        }
        throw new AssertionError(text + " not in the file");
    }
}
