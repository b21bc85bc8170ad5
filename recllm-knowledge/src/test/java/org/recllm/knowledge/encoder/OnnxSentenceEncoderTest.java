package org.recllm.knowledge.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;

/** The bundled all-MiniLM-L6-v2 through ONNX Runtime: shape, norm, meaning, determinism, truncation; and by folder. */
class OnnxSentenceEncoderTest {
    private static OnnxSentenceEncoder minilm;

    @BeforeAll
    static void load() {
        minilm = OnnxSentenceEncoder.minilm();
    }

    @AfterAll
    static void close() {
        minilm.close();
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void vectorsHave384DimensionsAndUnitLength() {
        assertEquals("all-MiniLM-L6-v2", minilm.id());
        assertEquals(384, minilm.dimension());
        EncodedBatch batch = minilm.encode(List.of("A cowboy doll feels replaced by a space ranger.", "Short."));
        assertEquals(2, batch.vectors().length);
        for (float[] vector : batch.vectors()) {
            assertEquals(384, vector.length);
            assertEquals(1.0, Math.sqrt(dot(vector, vector)), 1e-5);
        }
        assertEquals(0, batch.truncated());
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        float[][] v = minilm.encode(List.of(
                "A heartwarming animated film about toys that come to life.",
                "An animated family movie where children's toys have adventures.",
                "The quarterly tax report is due at the end of March.")).vectors();
        float similar = dot(v[0], v[1]);
        float unrelated = dot(v[0], v[2]);
        assertTrue(similar > 0.5f && unrelated < 0.2f, "similar " + similar + ", unrelated " + unrelated);
    }

    @Test
    void aTextGetsTheSameVectorAloneAndInABatch() {
        String text = "Enjoys film noir and courtroom dramas; avoids musicals.";
        float[] alone = minilm.encode(List.of(text)).vectors()[0];
        float[] again = minilm.encode(List.of(text)).vectors()[0];
        assertArrayEquals(alone, again, "the same call must give the same bits");
        float[] inBatch = minilm.encode(List.of("A much longer text, with many more word pieces than the short one has.",
                text, "Another one.")).vectors()[1];
        assertArrayEquals(alone, inBatch, 1e-6f);
    }

    /** langchain4j's model keeps its tokenizer.json's 128-word-piece truncation, so only short texts can agree. */
    @Test
    void agreesWithLangchain4jOnTextsWithinTheLimit() {
        String text = "Toy Story is a groundbreaking animated film about the secret life of toys.";
        float[] ours = minilm.encode(List.of(text)).vectors()[0];
        float[] theirs = new AllMiniLmL6V2EmbeddingModel().embed(text).content().vector();
        assertEquals(1.0, dot(ours, theirs), 1e-5);
    }

    @Test
    void tokenStatesAreWhatItsPoolingAverages() {
        List<String> texts = List.of("Candidate: Toy Story (1995). Genres: Animation.", "Liked: Heat (1995)");
        List<float[]> states = minilm.tokenStates(texts);
        float[][] pooled = minilm.encode(texts).vectors();
        for (int t = 0; t < texts.size(); t++) {
            int tokens = states.get(t).length / 384;
            assertTrue(tokens >= 6 && tokens <= 20, "word pieces incl. [CLS] and [SEP]: " + tokens);
            float[] mean = new float[384];
            MeanPooling.addTokens(states.get(t), tokens, 384, mean);
            MeanPooling.unit(mean);
            for (int d = 0; d < 384; d++) {
                assertEquals(pooled[t][d], mean[d], 1e-5, "text " + t + " dim " + d);
            }
        }
    }

    @Test
    void longTextsAreCutAndCounted() {
        String longText = "word ".repeat(400);
        EncodedBatch batch = minilm.encode(List.of("short", longText, longText + "more"));
        assertEquals(2, batch.truncated());
        assertEquals(OnnxSentenceEncoder.MAX_TOKENS, minilm.tokenize(List.of(longText)).getFirst().length());
        // Past the limit nothing counts: both long texts see the same 256 word pieces.
        assertArrayEquals(batch.vectors()[1], batch.vectors()[2], 1e-6f);
    }

    @Test
    void aModelFolderLoadsTheSameEncoder(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("minilm-copy"));
        copyResource("/all-minilm-l6-v2.onnx", folder.resolve("model.onnx"));
        copyResource("/all-minilm-l6-v2-tokenizer.json", folder.resolve("tokenizer.json"));
        try (SentenceEncoder byPath = SentenceEncoders.open(folder.toString())) {
            assertTrue(byPath.id().startsWith("onnx:minilm-copy:"), byPath.id());
            assertEquals(384, byPath.dimension());
            String text = "A spy thriller with gadgets.";
            assertArrayEquals(minilm.encode(List.of(text)).vectors()[0], byPath.encode(List.of(text)).vectors()[0], 1e-6f);
        }
    }

    @Test
    void longTextsSplitIntoWindowsThatEachCarryTheSpecialTokens() {
        long[] ids = new long[600];
        ids[0] = 101;
        for (int i = 1; i < 599; i++) {
            ids[i] = 1000 + i;
        }
        ids[599] = 102;
        List<TokenizedText> windows = OnnxSentenceEncoder.windows(new TokenizedText(ids, new long[600], true));
        assertEquals(List.of(256, 256, 92), windows.stream().map(TokenizedText::length).toList());
        long next = 1001;
        for (TokenizedText window : windows) {
            assertEquals(101, window.ids()[0]);
            assertEquals(102, window.ids()[window.length() - 1]);
            for (int i = 1; i < window.length() - 1; i++) {
                assertEquals(next++, window.ids()[i], "the inner pieces continue without gap or overlap");
            }
        }
        assertEquals(1599, next);
        TokenizedText shortText = new TokenizedText(new long[] {101, 7, 102}, new long[3], false);
        assertEquals(List.of(shortText), OnnxSentenceEncoder.windows(shortText));
    }

    @Test
    void aChunkingEncoderReadsLongTextsWholeAndShortOnesAsBefore() {
        String shortText = "A cowboy doll feels replaced by a space ranger.";
        StringBuilder longText = new StringBuilder("Likes: westerns and war films. ");
        for (int i = 0; i < 60; i++) {
            longText.append("He rated many crime dramas highly. ");
        }
        longText.append("Dislikes: musicals, romantic comedies and anything with singing animals.");
        try (SentenceEncoder chunking = SentenceEncoders.open("minilm#long=chunk")) {
            assertEquals("all-MiniLM-L6-v2#chunked", chunking.id());
            assertEquals(chunking.id(), SentenceEncoders.idOf("minilm#long=chunk"));
            EncodedBatch chunked = chunking.encode(List.of(shortText, longText.toString()));
            EncodedBatch cut = minilm.encode(List.of(shortText, longText.toString()));
            assertEquals(0, chunked.truncated());
            assertEquals(1, cut.truncated());
            assertArrayEquals(cut.vectors()[0], chunked.vectors()[0], 1e-6f);
            assertEquals(1.0, Math.sqrt(dot(chunked.vectors()[1], chunked.vectors()[1])), 1e-5);
            // The cut vector never saw the closing "Dislikes" sentence; the chunked one is closer to it.
            float[] dislikes = minilm.encode(List.of("Dislikes: musicals, romantic comedies and anything with singing animals."))
                    .vectors()[0];
            assertTrue(dot(chunked.vectors()[1], dislikes) > dot(cut.vectors()[1], dislikes) + 0.01,
                    dot(chunked.vectors()[1], dislikes) + " vs " + dot(cut.vectors()[1], dislikes));
        }
        assertEquals("all-MiniLM-L6-v2", SentenceEncoders.idOf("minilm#long=cut"));
        BadInputException error = assertThrows(BadInputException.class, () -> SentenceEncoders.open("minilm#long=split"));
        assertEquals("minilm#long=split: field 'long': expected #long=cut or #long=chunk, got '#long=split'",
                error.getMessage());
    }

    @Test
    void aFolderWithoutTheModelFilesIsNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        BadInputException error = assertThrows(BadInputException.class, () -> SentenceEncoders.open(dir.toString()));
        assertTrue(error.getMessage().startsWith(dir + ": expected an ONNX sentence encoder folder"), error.getMessage());
        assertTrue(error.getMessage().endsWith("missing model.onnx"), error.getMessage());

        error = assertThrows(BadInputException.class, () -> SentenceEncoders.open(dir.resolve("absent").toString()));
        assertTrue(error.getMessage().contains("expected minilm or a folder holding model.onnx"), error.getMessage());
    }

    @Test
    void brokenModelFilesAreNamed(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("broken"));
        Files.writeString(folder.resolve("model.onnx"), "not a model");
        Files.writeString(folder.resolve("tokenizer.json"), "{\"not\": \"a tokenizer\"}");
        BadInputException error = assertThrows(BadInputException.class, () -> SentenceEncoders.open(folder.toString()));
        assertTrue(error.getMessage().startsWith(folder.resolve("model.onnx") + ": the tokenizer.json beside it cannot be loaded"),
                error.getMessage());

        copyResource("/all-minilm-l6-v2-tokenizer.json", folder.resolve("tokenizer.json"));
        error = assertThrows(BadInputException.class, () -> SentenceEncoders.open(folder.toString()));
        assertTrue(error.getMessage().startsWith(folder.resolve("model.onnx") + ": not a loadable ONNX model"), error.getMessage());
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = OnnxSentenceEncoder.class.getResourceAsStream(name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
