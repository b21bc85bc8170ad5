package org.recllm.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.GgufMetadata;

/** The SentencePiece tokenizer on the real stories260K vocabulary (512 tokens: 3 specials, 256 bytes, 253 merges). */
class Stories260kTokenizerTest {
    private static final int BOS = 1;
    private static final int EOS = 2;
    private static GgufMetadata metadata;
    private static Tokenizer tokenizer;

    private static synchronized Tokenizer tokenizer() {
        if (tokenizer == null) {
            try (GgufFile gguf = GgufFile.open(SharedData.require("models/stories260K.gguf"))) {
                metadata = gguf.metadata();
                tokenizer = Tokenizers.fromGguf(metadata);
            }
        }
        return tokenizer;
    }

    @Test
    void referencePromptsSegmentAsGreedyMergingByScore() {
        Tokenizer spm = tokenizer();
        // Derived by hand from the vocabulary: the best-scoring pairs of "▁Once▁upon▁a▁time" merge first, ▁t (259, score
        // -0), ▁a (-2), im (-29), on (-30), ▁u (-59), ▁O (-60); then ▁O+n (-62), c+e (-72), ▁u+p (-91), im+e (-110),
        // ▁t+ime (-119), ▁On+ce (-144), ▁up+on (-148); no two of the words left join into a token.
        assertArrayEquals(new int[] {403, 407, 261, 378}, spm.encode("Once upon a time"));
        for (String prompt : List.of("Once upon a time", "The little dog", "Lily and Ben went to the park")) {
            int[] tokens = spm.encode(prompt);
            assertArrayEquals(greedyByScore(prompt), tokens, prompt);
            assertEquals(prompt, spm.decode(tokens));
            assertEquals(prompt, spm.decode(withBos(tokens)), "decoding drops the space prefix after BOS too");
        }
        assertArrayEquals(new int[] {291, 376, 400, 428}, spm.encode("The little dog"), "▁The ▁little ▁do g");
        assertArrayEquals(new int[] {317, 269, 368, 302, 263, 377, 267, 265, 282, 295, 433},
                spm.encode("Lily and Ben went to the park"), "▁Lily ▁and ▁B en ▁w ent ▁to ▁the ▁p ar k");
    }

    @Property(tries = 300)
    void anyUnicodeTextRoundTripsThroughByteFallback(@ForAll("unicodeText") String text) {
        Tokenizer spm = tokenizer();
        int[] tokens = spm.encode(text);
        assertEquals(text, spm.decode(tokens));
        assertArrayEquals(greedyByScore(text), tokens);
    }

    @Provide
    Arbitrary<String> unicodeText() {
        return UnicodeText.strings();
    }

    @Test
    void charactersOutsideTheVocabularyBecomeByteTokens() {
        Tokenizer spm = tokenizer();
        // 😀 is F0 9F 98 80; byte b is token 3 + b. The space prefix stays alone: "▁😀" is no token.
        assertArrayEquals(new int[] {410, 3 + 0xF0, 3 + 0x9F, 3 + 0x98, 3 + 0x80}, spm.encode("😀"));
        assertEquals("😀", spm.decode(spm.encode("😀")));
        assertEquals("\uFFFD", spm.piece(3 + 0xF0), "a lone lead byte is no character");
        assertEquals("A", spm.piece(3 + 'A'));
        assertEquals(" Once", spm.piece(403));
        assertArrayEquals(new int[0], spm.encode(""));
    }

    @Test
    void specialSpellingsBecomeIdsOnlyWhenAsked() {
        Tokenizer spm = tokenizer();
        assertArrayEquals(new int[] {BOS, 403, EOS}, spm.encodeWithSpecials("<s>Once</s>"),
                "the space prefix also follows a special token, as in llama.cpp");
        int[] plain = spm.encode("<s>Once");
        assertFalse(contains(plain, BOS), "user text cannot inject BOS");
        assertEquals("<s>Once", spm.decode(plain));
        assertEquals("Once", spm.decode(new int[] {BOS, 403, EOS}), "control tokens render as nothing");
    }

    @Test
    void specialIdsComeFromTheMetadata() {
        Tokenizer spm = tokenizer();
        assertEquals(BOS, spm.bos());
        assertEquals(EOS, spm.eos());
        assertTrue(spm.addBos());
        assertEquals(Set.of(EOS), spm.endOfGeneration());
        assertEquals(512, spm.vocabularySize());
        assertTrue(spm.isSpecial(BOS));
        assertTrue(spm.isSpecial(0), "<unk>");
        assertFalse(spm.isSpecial(3), "byte tokens are text");
        assertFalse(spm.isSpecial(403));
    }

    @Test
    void streamingKeepsSpacesAndWaitsForWholeCharacters() {
        Tokenizer spm = tokenizer();
        Detokenizer stream = new Detokenizer(spm);
        List<String> pieces = new ArrayList<>();
        for (int token : spm.encode("upon 😀 time")) {
            pieces.add(stream.accept(token));
        }
        pieces.add(stream.finish());
        assertEquals(" upon 😀 time", String.join("", pieces), "continuation text keeps its leading space");
        assertEquals(List.of(" upon", " ", "", "", "", "😀", " time", ""), pieces);
        Detokenizer cut = new Detokenizer(spm);
        assertEquals("", cut.accept(3 + 0xF0));
        assertEquals("\uFFFD", cut.finish(), "an unfinished character at the end of the stream");
    }

    /** 100 KB in one piece: merging is O(n log n) (PairMergerTest counts the work); a quadratic merge would crawl. */
    @Test
    void longTextEncodes() {
        Tokenizer spm = tokenizer();
        String sentence = "Once upon a time, Lily and Ben went to the park. They saw a big dog! 😀\n";
        String text = sentence.repeat(100_000 / sentence.length() + 1);
        assertEquals(text, spm.decode(spm.encode(text)));
    }

    @Test
    void unknownTokenizerModelIsNamed() {
        GgufMetadata bert = GgufMetadata.of(Map.of("tokenizer.ggml.model", "bert"));
        RuntimeException error = assertThrows(RuntimeException.class,
                () -> Tokenizers.fromGguf(bert));
        assertTrue(error.getMessage().contains("tokenizer.ggml.model") && error.getMessage().contains("'bert'"),
                error.getMessage());
    }

    /**
     * An independent, deliberately naive statement of llama.cpp's SentencePiece merge: rescan every adjacent pair,
     * merge the one whose joined text is the token with the highest score (the leftmost among equals), repeat; then
     * symbols that are no token become byte tokens.
     */
    private static int[] greedyByScore(String text) {
        tokenizer();
        String[] vocabulary = metadata.strings("tokenizer.ggml.tokens");
        float[] scores = metadata.floats("tokenizer.ggml.scores");
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < vocabulary.length; id++) {
            ids.put(vocabulary[id], id);
        }
        List<String> symbols = new ArrayList<>();
        if (!text.isEmpty()) {
            ("\u2581" + text.replace(' ', '\u2581')).codePoints().forEach(c -> symbols.add(Character.toString(c)));
        }
        while (true) {
            int best = -1;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer id = ids.get(symbols.get(i) + symbols.get(i + 1));
                if (id != null && (best < 0 || scores[id] > scores[ids.get(symbols.get(best) + symbols.get(best + 1))])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
        }
        List<Integer> tokens = new ArrayList<>();
        for (String symbol : symbols) {
            if (ids.containsKey(symbol)) {
                tokens.add(ids.get(symbol));
            } else {
                for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
                    tokens.add(ids.get(String.format("<0x%02X>", b & 0xFF)));
                }
            }
        }
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] withBos(int[] tokens) {
        int[] result = new int[tokens.length + 1];
        result[0] = BOS;
        System.arraycopy(tokens, 0, result, 1, tokens.length);
        return result;
    }

    private static boolean contains(int[] tokens, int token) {
        for (int t : tokens) {
            if (t == token) {
                return true;
            }
        }
        return false;
    }
}
