package org.recllm.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Expected splits follow the Python/Rust tokenizers these patterns come from. */
class PreTokenizerTest {
    @Test
    void contractions() {
        assertEquals(List.of("I", "'m", " sure", " it", "'s", " don", "'t"), PreTokenizer.GPT2.split("I'm sure it's don't"));
        assertEquals(List.of("DON", "'", "T"), PreTokenizer.GPT2.split("DON'T"), "GPT-2's contractions are lower case");
        assertEquals(List.of("DON", "'T", " we", "'LL"), PreTokenizer.LLAMA3.split("DON'T we'LL"));
        assertEquals(List.of("DON", "'T"), PreTokenizer.QWEN2.split("DON'T"));
    }

    @Test
    void numbers() {
        assertEquals(List.of("123", "456", "7"), PreTokenizer.LLAMA3.split("1234567"));
        assertEquals(List.of("year", " ", "202", "4"), PreTokenizer.LLAMA3.split("year 2024"));
        assertEquals(List.of("1", "2", "3", "4"), PreTokenizer.QWEN2.split("1234"));
        assertEquals(List.of("year", " 2024"), PreTokenizer.GPT2.split("year 2024"));
        assertEquals(List.of("x", "٣٤"), PreTokenizer.GPT2.split("x٣٤"), "\\p{N} takes every script's digits");
    }

    @Test
    void whiteSpace() {
        assertEquals(List.of("Hello", " ", " world", "  "), PreTokenizer.LLAMA3.split("Hello  world  "),
                "a run of spaces leaves its last one to the next word");
        assertEquals(List.of("a", "\n\n", "b"), PreTokenizer.LLAMA3.split("a\n\nb"));
        assertEquals(List.of("a", "\n", "\n", "b"), PreTokenizer.GPT2.split("a\n\nb"));
        assertEquals(List.of("a", ":\n", "\tb"), PreTokenizer.LLAMA3.split("a:\n\tb"));
        assertEquals(List.of("x", "\u3000", "y"), PreTokenizer.GPT2.split("x\u3000y"), "\\s is Unicode white space");
    }

    @Test
    void lettersAndSymbolsOfAnyScript() {
        assertEquals(List.of("héllo", " wörld", " 你好", "😀!"), PreTokenizer.LLAMA3.split("héllo wörld 你好😀!"));
        assertEquals(List.of("(hi", ")."), PreTokenizer.LLAMA3.split("(hi)."), "one non-letter may lead a word");
        assertEquals(List.of("(", "hi", ")."), PreTokenizer.GPT2.split("(hi)."));
    }

    @Property(tries = 200)
    void splitsLoseNothing(@ForAll("unicodeText") String text) {
        for (PreTokenizer pre : PreTokenizer.values()) {
            assertEquals(text, String.join("", pre.split(text)), pre.name());
        }
    }

    @Provide
    Arbitrary<String> unicodeText() {
        return UnicodeText.strings();
    }
}
