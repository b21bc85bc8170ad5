package org.recllm.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.GgufVocabulary;
import org.recllm.llm.gguf.GgufWriter;

/** A trained byte-level BPE vocabulary, read back by the engine's tokenizer, splits text as training did. */
class ByteLevelBpeTrainerTest {
    private static final List<String> CORPUS = corpus();
    private static final GgufVocabulary TRAINED = train(CORPUS, 400);
    private static final Tokenizer ENGINE = Tokenizers.fromGguf(TRAINED.metadata());

    /** Sentences from a small random grammar, with accents, CJK and emoji, so merges span several scripts. */
    private static List<String> corpus() {
        String[] subjects = {"the user", "a viewer", "she", "he", "the critic", "Zoë", "映画ファン", "the 🎬 fan"};
        String[] verbs = {"likes", "loves", "rates", "watches", "skips", "re-watches", "préfère"};
        String[] objects = {"thrillers", "comedies", "old westerns", "films noirs", "dramas from 1995", "アニメ", "🍿 movies"};
        SplittableRandom random = new SplittableRandom(7);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            texts.add(subjects[random.nextInt(subjects.length)] + " " + verbs[random.nextInt(verbs.length)] + " "
                    + objects[random.nextInt(objects.length)] + (random.nextBoolean() ? ".\n" : ",  and " + random.nextInt(100) + "!"));
        }
        return texts;
    }

    private static GgufVocabulary train(List<String> texts, int size) {
        ByteLevelBpeTrainer trainer = new ByteLevelBpeTrainer(size);
        texts.forEach(trainer::add);
        return trainer.train();
    }

    @Test
    void theEngineSplitsTrainingTextAsTrainingDidFromTheWrittenFile(@TempDir Path dir) {
        ByteLevelBpeTrainer trainer = new ByteLevelBpeTrainer(600);
        CORPUS.forEach(trainer::add);
        GgufVocabulary vocabulary = trainer.train();
        Path file = dir.resolve("tokenizer.gguf");
        GgufWriter writer = new GgufWriter();
        vocabulary.writeTo(writer);
        writer.write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            Tokenizer engine = Tokenizers.fromGguf(gguf.metadata());
            assertEquals("gpt2", gguf.metadata().string("tokenizer.ggml.model"));
            assertEquals(vocabulary.tokens().length, engine.vocabularySize());
            assertEquals(vocabulary.tokens().length - 1, engine.bos());
            assertEquals(engine.bos(), engine.eos());
            assertTrue(engine.addBos());
            for (String text : CORPUS) {
                IntStream.Builder expected = IntStream.builder();
                for (String word : PreTokenizer.GPT2.split(text)) {
                    IntStream.of(trainer.segmentation(word)).forEach(expected::add);
                }
                assertArrayEquals(expected.build().toArray(), engine.encode(text), text);
            }
        }
    }

    @Test
    void fillsTheVocabularyDeterministicallyAndCompresses() {
        assertEquals(400, TRAINED.tokens().length);
        assertEquals(ByteLevelBpeTrainer.END_OF_TEXT, TRAINED.tokens()[399]);
        assertArrayEquals(TRAINED.merges(), train(CORPUS, 400).merges());
        assertArrayEquals(TRAINED.tokens(), train(CORPUS, 400).tokens());
        // Words that recur hundreds of times become single tokens.
        assertEquals(1, ENGINE.encode(" likes").length);
        int bytes = 0;
        int tokens = 0;
        for (String text : CORPUS) {
            bytes += text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            tokens += ENGINE.encode(text).length;
        }
        assertTrue(bytes > 3 * tokens, bytes + " bytes in " + tokens + " tokens");
    }

    @Test
    void aSmallCorpusStopsWhenNoPairIsLeft() {
        GgufVocabulary vocabulary = train(List.of("abab"), 1000);
        // a·b, then ab·ab: two merges, two new tokens, then end of text.
        assertArrayEquals(new String[] {"a b", "ab ab"}, vocabulary.merges());
        assertEquals(256 + 2 + 1, vocabulary.tokens().length);
        assertThrows(IllegalArgumentException.class, () -> new ByteLevelBpeTrainer(256));
    }

    @Test
    void trainsFiveThousandMergesOnAMegabyteOfZipfianText() {
        // 30,000 distinct made-up words of 2-10 letters drawn with Zipf frequencies (rank r with weight 1/r), as in
        // natural text: a few words recur constantly, most are rare.
        SplittableRandom random = new SplittableRandom(3);
        String[] lexicon = new String[30_000];
        double[] cumulative = new double[lexicon.length];
        double total = 0;
        for (int r = 0; r < lexicon.length; r++) {
            StringBuilder word = new StringBuilder(" ");
            for (int c = 2 + random.nextInt(9); c > 0; c--) {
                word.append((char) ('a' + Math.min(random.nextInt(26), random.nextInt(26))));
            }
            lexicon[r] = word.toString();
            total += 1.0 / (r + 1);
            cumulative[r] = total;
        }
        List<String> texts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int characters = 0; characters < 1_000_000; ) {
            int index = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
            String word = lexicon[index < 0 ? -index - 1 : index];
            text.append(word);
            characters += word.length();
            if (text.length() > 1000) {
                texts.add(text.toString());
                text.setLength(0);
            }
        }
        long start = System.nanoTime();
        GgufVocabulary vocabulary = train(texts, 5_257);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(5_257, vocabulary.tokens().length);
        assertTrue(seconds < 20, "5,000 merges took " + seconds + " s");
        System.out.printf("BPE training: %,d characters, 5,000 merges in %.2f s%n",
                texts.stream().mapToInt(String::length).sum(), seconds);
    }

    @Property(tries = 300)
    void anyTextRoundTrips(@ForAll("unicodeText") String text) {
        assertEquals(text, ENGINE.decode(ENGINE.encode(text)));
    }

    @Provide
    Arbitrary<String> unicodeText() {
        return UnicodeText.strings();
    }
}
