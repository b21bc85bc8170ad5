package org.recllm.knowledge.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.progress.Progress;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;

/** Encoding commits batch by batch: a run that dies part-way is finished by the next, and no text is encoded twice. */
class EncodingJobTest {

    /** A cheap deterministic encoder that records what it was asked, and fails on a chosen batch. */
    private static final class RecordingEncoder implements SentenceEncoder {
        private final int failOnBatch;
        private final List<String> encoded = new ArrayList<>();
        private int batches;

        RecordingEncoder(int failOnBatch) {
            this.failOnBatch = failOnBatch;
        }

        @Override
        public String id() {
            return "recording";
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public int maxTokens() {
            return Integer.MAX_VALUE;
        }

        @Override
        public List<float[]> tokenStates(List<String> texts) {
            return texts.stream().map(RecordingEncoder::vector).toList();
        }

        @Override
        public EncodedBatch encode(List<String> texts) {
            if (++batches == failOnBatch) {
                throw new IllegalStateException("killed on batch " + batches);
            }
            encoded.addAll(texts);
            return new EncodedBatch(texts.stream().map(RecordingEncoder::vector).toArray(float[][]::new), 0);
        }

        static float[] vector(String text) {
            return new float[] {text.length(), text.hashCode() % 1000};
        }

        @Override
        public void close() {}
    }

    private static SqliteKnowledgeStore storeWith(Path file, int entries) {
        SqliteKnowledgeStore store = SqliteKnowledgeStore.open(file);
        store.inTransaction(() -> {
            for (int id = 1; id <= entries; id++) {
                String prompt = "p";
                store.upsert(new KnowledgeEntry(EntryKey.of(EntityType.ITEM, id, "movies", prompt, "m", "all"), prompt,
                        "text of item " + id, 0, 0, 0, Instant.EPOCH));
            }
        });
        return store;
    }

    private static Progress quiet() {
        return Progress.toLog("encode", "entries", 0, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void aRunKilledPartWayIsFinishedByTheNextWithoutEncodingAnythingTwice(@TempDir Path dir) {
        try (SqliteKnowledgeStore store = storeWith(dir.resolve("k.db"), 10)) {
            RecordingEncoder dying = new RecordingEncoder(3);
            assertThrows(IllegalStateException.class, () -> EncodingJob.encodePending(store, dying, 3, quiet()));
            assertEquals(6, dying.encoded.size(), "two batches of three committed before the failure");
            assertEquals(4, store.countWithoutEmbedding("recording"));

            RecordingEncoder rerun = new RecordingEncoder(0);
            EncodingReport report = EncodingJob.encodePending(store, rerun, 3, quiet());
            assertEquals(4, report.encoded());
            Set<String> overlap = new HashSet<>(dying.encoded);
            overlap.retainAll(rerun.encoded);
            assertTrue(overlap.isEmpty(), "encoded twice: " + overlap);
            assertEquals(0, store.countWithoutEmbedding("recording"));
            assertEquals(10, store.statistics().encoders().getFirst().entries());
            for (StoredEntry stored : store.entries(0, 100)) {
                assertArrayEquals(RecordingEncoder.vector(stored.entry().answer()),
                        store.embedding(stored.id(), "recording").orElseThrow());
            }

            assertEquals(0, EncodingJob.encodePending(store, new RecordingEncoder(0), 3, quiet()).encoded(),
                    "a finished store has nothing pending");
        }
    }

    @Test
    void progressCountsEntries(@TempDir Path dir) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (SqliteKnowledgeStore store = storeWith(dir.resolve("k.db"), 5);
             Progress progress = Progress.toLog("encode recording", "entries", 5, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            EncodingJob.encodePending(store, new RecordingEncoder(0), 2, progress);
            assertEquals(5, progress.done());
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).startsWith("encode recording  5/5 entries (100.0%)"), log.toString());
    }
}
