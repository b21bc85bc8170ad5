package org.recllm.knowledge.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.core.progress.Progress;
import org.recllm.core.testing.SharedData;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.model.TextEmbedder;

/** A GGUF decoder as a knowledge encoder, on the real stories260K. */
class LlmSentenceEncoderTest {

    private static String model() {
        return SharedData.require("models/stories260K.gguf").toString();
    }

    @Test
    void encodesAsTheTextEmbedderWithTheChosenLayerAndPooling() {
        String name = model() + "#layer=3,pooling=last";
        List<String> texts = List.of("Once upon a time there was a dog", "Lily liked the park");
        try (SentenceEncoder encoder = SentenceEncoders.open(name);
             LanguageModel llm = LanguageModel.open(Path.of(model()))) {
            assertEquals(llm.config().dim(), encoder.dimension());
            assertEquals(SentenceEncoders.idOf(name), encoder.id());
            assertTrue(encoder.id().matches("gguf:stories260K\\.gguf:[0-9a-f]{12}:layer3:last"), encoder.id());
            EncodedBatch batch = encoder.encode(texts);
            TextEmbedder reference = new TextEmbedder(llm, 3, TextEmbedder.Pooling.LAST);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(reference.embed(texts.get(i)), batch.vectors()[i], 1e-5f);
            }
        }
    }

    @Test
    void theDefaultIsTheLastBlockMeanPooledAndIdsTellSettingsApart() {
        String plain = model();
        try (LanguageModel llm = LanguageModel.open(Path.of(plain))) {
            int layers = llm.config().layers();
            assertEquals(SentenceEncoders.idOf(plain + "#layer=" + layers + ",pooling=mean"), SentenceEncoders.idOf(plain));
        }
        assertNotEquals(SentenceEncoders.idOf(plain), SentenceEncoders.idOf(plain + "#pooling=last"));
        assertNotEquals(SentenceEncoders.idOf(plain), SentenceEncoders.idOf(plain + "#layer=1"));
    }

    @Test
    void fillsAStoreThroughTheEncodingJob(@TempDir Path dir) {
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"));
             SentenceEncoder encoder = SentenceEncoders.open(model())) {
            store.inTransaction(() -> {
                for (int id = 1; id <= 5; id++) {
                    store.upsert(new KnowledgeEntry(EntryKey.of(EntityType.ITEM, id, "movies", "p", "m", "all"), "p",
                            "A story about toy number " + id + " and a happy girl.", 0, 0, 0, Instant.EPOCH));
                }
            });
            Progress quiet = Progress.toLog("encode", "entries", 5,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertEquals(5, EncodingJob.encodePending(store, encoder, 2, quiet).encoded());
            assertEquals(0, store.countWithoutEmbedding(encoder.id()));
            for (StoredEntry stored : store.entries(0, 10)) {
                float[] vector = store.embedding(stored.id(), encoder.id()).orElseThrow();
                assertArrayEquals(encoder.encode(List.of(stored.entry().answer())).vectors()[0], vector, 1e-5f);
            }
        }
    }

    @Test
    void badNamesAreExplained(@TempDir Path dir) throws Exception {
        BadInputException missing = assertThrows(BadInputException.class,
                () -> SentenceEncoders.open(dir.resolve("absent.gguf").toString()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        String name = model();
        for (String bad : List.of("#layer=0", "#layer=x", "#pooling=max", "#depth=2")) {
            BadInputException error = assertThrows(BadInputException.class, () -> SentenceEncoders.idOf(name + bad));
            assertTrue(error.getMessage().contains("expected"), error.getMessage());
        }
        BadInputException tooDeep = assertThrows(BadInputException.class, () -> SentenceEncoders.open(name + "#layer=99"));
        assertTrue(tooDeep.getMessage().contains("layer"), tooDeep.getMessage());
        Path notOnnx = Files.createDirectories(dir.resolve("folder"));
        assertThrows(BadInputException.class, () -> SentenceEncoders.idOf(notOnnx.toString()));
    }
}
