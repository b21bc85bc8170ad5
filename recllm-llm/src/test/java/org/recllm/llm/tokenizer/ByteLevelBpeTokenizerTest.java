package org.recllm.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.llm.tokenizer.BpeFixture.id;
import static org.recllm.llm.tokenizer.BpeFixture.ids;

import java.util.Arrays;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Byte-level BPE on the hand-made {@link BpeFixture} vocabulary. */
class ByteLevelBpeTokenizerTest {
    private static final Tokenizer GPT2 = Tokenizers.fromGguf(BpeFixture.metadata("gpt-2"));
    private static final Tokenizer LLAMA3 = Tokenizers.fromGguf(BpeFixture.metadata("llama-bpe"));
    private static final Tokenizer QWEN2 = Tokenizers.fromGguf(BpeFixture.metadata("qwen2"));

    @Test
    void pairsMergeInRankOrder() {
        assertArrayEquals(ids("hello", "Ġworld"), GPT2.encode("hello world"));
        assertArrayEquals(ids("Ġthe"), GPT2.encode(" the"), "Ġ t (rank 0), then h e (1), then Ġt he (2)");
        assertArrayEquals(ids("t", "he"), GPT2.encode("the"), "no merge joins t and he");
        assertArrayEquals(ids("a", "bc"), GPT2.encode("abc"), "b c (rank 11) beats the leftmost pair a b (rank 12)");
    }

    @Test
    void llama3TakesWordsThatAreTokensWhole() {
        assertArrayEquals(ids("Ġhello"), LLAMA3.encode(" hello"), "Ġhello is a token no merge builds");
        assertArrayEquals(ids("Ġ", "hello"), QWEN2.encode(" hello"));
        assertArrayEquals(ids("Ġ", "hello"), GPT2.encode(" hello"));
    }

    @Test
    void digitsAreGroupedByThePreTokenizer() {
        assertArrayEquals(ids("123", "4", "5"), LLAMA3.encode("12345"));
        assertArrayEquals(ids("1", "2", "3", "4", "5"), QWEN2.encode("12345"));
    }

    @Test
    void controlTokensOnlyWhenAskedAddedTokensAlways() {
        String prompt = "<|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>";
        assertArrayEquals(ids("<|start_header_id|>", "u", "s", "e", "r", "<|end_header_id|>", "Ċ", "Ċ", "h", "i",
                "<|eot_id|>"), LLAMA3.encodeWithSpecials(prompt));
        int[] plain = LLAMA3.encode(prompt);
        assertTrue(Arrays.stream(plain).noneMatch(LLAMA3::isSpecial), "user text cannot inject chat markers");
        assertEquals(prompt, LLAMA3.decode(plain));
        assertEquals("user\n\nhi", LLAMA3.decode(LLAMA3.encodeWithSpecials(prompt)), "control tokens render as nothing");
        assertArrayEquals(ids("a", "<tool>", "b"), LLAMA3.encode("a<tool>b"));
        assertEquals("a<tool>b", LLAMA3.decode(LLAMA3.encode("a<tool>b")));
    }

    @Test
    void specialIdsAndBosDefaults() {
        assertEquals(id("<|begin_of_text|>"), LLAMA3.bos());
        assertEquals(id("<|end_of_text|>"), LLAMA3.eos());
        assertEquals(Set.of(id("<|end_of_text|>"), id("<|eot_id|>")), LLAMA3.endOfGeneration());
        assertTrue(LLAMA3.addBos(), "Llama 3 prompts start with <|begin_of_text|>");
        assertFalse(QWEN2.addBos());
        assertTrue(LLAMA3.isSpecial(id("<tool>")));
        assertFalse(LLAMA3.isSpecial(id("Ġhello")));
        assertEquals(256 + BpeFixture.MERGES.length + 1 + BpeFixture.SPECIALS.length, LLAMA3.vocabularySize());
        assertEquals(" world", LLAMA3.piece(id("Ġworld")));
    }

    @Property(tries = 200)
    void anyTextRoundTrips(@ForAll("unicodeText") String text) {
        for (Tokenizer bpe : new Tokenizer[] {GPT2, LLAMA3, QWEN2}) {
            assertEquals(text, bpe.decode(bpe.encode(text)));
        }
    }

    @Provide
    Arbitrary<String> unicodeText() {
        return UnicodeText.strings();
    }

    @Test
    void streamingJoinsCharactersSplitAcrossTokens() {
        Detokenizer stream = new Detokenizer(QWEN2);
        StringBuilder text = new StringBuilder();
        for (int token : QWEN2.encode("é😀")) {
            text.append(stream.accept(token));
        }
        assertEquals("é😀", text.append(stream.finish()).toString());
    }

    /** One 100 KB word merges in O(n log n) (see PairMergerTest); many short words hit the word cache. */
    @Test
    void longInputs() {
        int[] word = LLAMA3.encode("l".repeat(100_000));
        assertEquals(50_000, word.length);
        assertTrue(Arrays.stream(word).allMatch(token -> token == id("ll")));
        String text = "hello world the ".repeat(6_250);
        assertEquals(text, LLAMA3.decode(LLAMA3.encode(text)));
    }

    @Test
    void unknownPreTokenizerIsNamed() {
        RuntimeException error = assertThrows(RuntimeException.class,
                () -> Tokenizers.fromGguf(BpeFixture.metadata("falcon")));
        assertTrue(error.getMessage().contains("tokenizer.ggml.pre") && error.getMessage().contains("'falcon'"),
                error.getMessage());
    }
}
