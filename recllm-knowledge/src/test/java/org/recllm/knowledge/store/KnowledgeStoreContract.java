package org.recllm.knowledge.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recllm.core.io.BadInputException;

/**
 * What every knowledge store does, whatever its database: entries and embeddings round trip, upserts are idempotent,
 * transactions are atomic, versions of clusters and codes are kept, readers are not blocked, and writers in several
 * processes neither duplicate nor lose an entry. Each database's test class says where a fresh store lives.
 */
abstract class KnowledgeStoreContract {
    static final Instant MONDAY = Instant.parse("2026-11-23T09:00:00Z");

    /** A fresh store location for the current test. */
    StoreLocation location;

    /** Where a new, empty store for one test lives. */
    abstract StoreLocation newLocation() throws IOException;

    /** Runs a statement on the store's database, behind the store's back. */
    abstract void sql(StoreLocation store, String statement) throws Exception;

    @BeforeEach
    void makeLocation() throws IOException {
        location = newLocation();
    }

    static KnowledgeEntry entry(EntityType type, long id, String model, String answer) {
        String prompt = "Describe " + type.label() + " " + id + ".";
        return new KnowledgeEntry(EntryKey.of(type, id, "movies", prompt, model, "u1.base"), prompt, answer, 12, 34, 56, MONDAY);
    }

    @Test
    void entriesAndEmbeddingsSurviveReopening() {
        KnowledgeEntry item = entry(EntityType.ITEM, 7, "qwen2-1.5b", "A heist film.\n\n## Tags\n- \"crime\", heist");
        long id;
        try (KnowledgeStore store = location.open()) {
            assertEquals(Upsert.INSERTED, store.upsert(item));
            id = store.find(item.key()).orElseThrow().id();
            store.putEmbedding(id, "enc-a", new float[] {1f, -0.5f, 0.25f});
        }
        try (KnowledgeStore store = location.openExisting()) {
            StoredEntry stored = store.find(item.key()).orElseThrow();
            assertEquals(new StoredEntry(id, item), stored);
            assertArrayEquals(new float[] {1f, -0.5f, 0.25f}, store.embedding(id, "enc-a").orElseThrow());
            assertEquals(List.of("enc-a"), store.encodersOf(id));
            assertTrue(store.embedding(id, "enc-b").isEmpty());
            assertEquals(List.of(stored), store.entriesAbout(EntityType.ITEM, 7));
            assertTrue(store.entriesAbout(EntityType.USER, 7).isEmpty());
            List<EncodedEntry> encoded = store.encoded(EntityType.ITEM, "enc-a");
            assertEquals(1, encoded.size());
            assertEquals(List.of(7L, "qwen2-1.5b", MONDAY, "u1.base"), List.of(encoded.getFirst().entityId(),
                    encoded.getFirst().modelId(), encoded.getFirst().createdAt(), encoded.getFirst().timeWindow()));
            assertArrayEquals(new float[] {1f, -0.5f, 0.25f}, encoded.getFirst().vector());
            assertTrue(store.encoded(EntityType.USER, "enc-a").isEmpty());
        }
    }

    @Test
    void upsertIsIdempotentAndAChangedAnswerDropsItsStaleVectors() {
        try (KnowledgeStore store = location.open()) {
            KnowledgeEntry first = entry(EntityType.USER, 3, "m", "likes noir");
            assertEquals(Upsert.INSERTED, store.upsert(first));
            long id = store.find(first.key()).orElseThrow().id();
            store.putEmbedding(id, "enc", new float[] {1, 0});

            KnowledgeEntry later = new KnowledgeEntry(first.key(), first.prompt(), first.answer(), 12, 34, 56, MONDAY.plusSeconds(60));
            assertEquals(Upsert.UNCHANGED, store.upsert(later));
            assertEquals(MONDAY, store.find(first.key()).orElseThrow().entry().createdAt(), "an unchanged upsert writes nothing");
            assertEquals(List.of("enc"), store.encodersOf(id));

            KnowledgeEntry changed = new KnowledgeEntry(first.key(), first.prompt(), "likes westerns", 12, 34, 56, MONDAY.plusSeconds(60));
            assertEquals(Upsert.UPDATED, store.upsert(changed));
            StoredEntry stored = store.find(first.key()).orElseThrow();
            assertEquals(new StoredEntry(id, changed), stored);
            assertTrue(store.encodersOf(id).isEmpty(), "vectors of the old answer must go");
            assertEquals(1, store.statistics().entries());
        }
    }

    @Test
    void everyKeyPartMakesADistinctEntry() {
        try (KnowledgeStore store = location.open()) {
            KnowledgeEntry base = entry(EntityType.ITEM, 1, "m", "x");
            EntryKey key = base.key();
            List<EntryKey> keys = List.of(key,
                    new EntryKey(EntityType.USER, 1, key.scenario(), key.promptHash(), key.modelId(), key.timeWindow()),
                    new EntryKey(EntityType.ITEM, 2, key.scenario(), key.promptHash(), key.modelId(), key.timeWindow()),
                    new EntryKey(EntityType.ITEM, 1, "books", key.promptHash(), key.modelId(), key.timeWindow()),
                    new EntryKey(EntityType.ITEM, 1, key.scenario(), key.promptHash(), "other", key.timeWindow()),
                    new EntryKey(EntityType.ITEM, 1, key.scenario(), key.promptHash(), key.modelId(), "all"));
            for (EntryKey k : keys) {
                assertEquals(Upsert.INSERTED, store.upsert(new KnowledgeEntry(k, base.prompt(), "x", 0, 0, 0, MONDAY)));
            }
            String otherPrompt = "Describe it briefly.";
            assertEquals(Upsert.INSERTED, store.upsert(new KnowledgeEntry(
                    EntryKey.of(EntityType.ITEM, 1, "movies", otherPrompt, "m", "u1.base"), otherPrompt, "x", 0, 0, 0, MONDAY)));
            assertEquals(7, store.statistics().entries());
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        try (KnowledgeStore store = location.open()) {
            store.upsert(entry(EntityType.ITEM, 1, "m", "kept"));
            assertThrows(IllegalStateException.class, () -> store.inTransaction(() -> {
                store.upsert(entry(EntityType.ITEM, 2, "m", "rolled back"));
                store.upsert(entry(EntityType.ITEM, 1, "m", "changed, rolled back"));
                throw new IllegalStateException("boom");
            }));
            assertEquals(1, store.statistics().entries());
            assertEquals("kept", store.entriesAbout(EntityType.ITEM, 1).getFirst().entry().answer());
            assertTrue(store.entriesAbout(EntityType.ITEM, 2).isEmpty());
        }
    }

    @Test
    void pendingEntriesAreThoseAnEncoderHasNotSeen() {
        try (KnowledgeStore store = location.open()) {
            for (int i = 1; i <= 5; i++) {
                store.upsert(entry(EntityType.ITEM, i, "m", "text " + i));
            }
            List<StoredEntry> all = store.entries(0, 10);
            assertEquals(5, all.size());
            store.putEmbedding(all.get(1).id(), "a", new float[] {1});
            store.putEmbedding(all.get(3).id(), "a", new float[] {1});
            store.putEmbedding(all.get(0).id(), "b", new float[] {1, 2});

            assertEquals(3, store.countWithoutEmbedding("a"));
            assertEquals(List.of(all.get(0), all.get(2)), store.withoutEmbedding("a", 0, 2));
            assertEquals(List.of(all.get(4)), store.withoutEmbedding("a", all.get(2).id(), 2));
            assertEquals(5, store.countWithoutEmbedding("never-used"));
            assertEquals(List.of(all.get(3), all.get(4)), store.entries(all.get(2).id(), 10));
        }
    }

    @Test
    void anEncoderKeepsOneDimension() {
        try (KnowledgeStore store = location.open()) {
            store.upsert(entry(EntityType.ITEM, 1, "m", "a"));
            store.upsert(entry(EntityType.ITEM, 2, "m", "b"));
            List<StoredEntry> all = store.entries(0, 10);
            store.putEmbedding(all.get(0).id(), "enc", new float[] {1, 2, 3});
            var error = assertThrows(IllegalArgumentException.class,
                    () -> store.putEmbedding(all.get(1).id(), "enc", new float[] {1, 2}));
            assertTrue(error.getMessage().contains("dimension 3"), error.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> store.putEmbedding(all.get(1).id(), "enc", new float[] {1, Float.NaN, 3}));
        }
    }

    @Test
    void statisticsGroupEntriesAndCountVectors() {
        try (KnowledgeStore store = location.open()) {
            store.upsert(entry(EntityType.ITEM, 1, "m1", "a"));
            store.upsert(entry(EntityType.ITEM, 2, "m1", "b"));
            store.upsert(entry(EntityType.USER, 1, "m2", "c"));
            store.putEmbedding(store.entries(0, 1).getFirst().id(), "enc", new float[] {0.6f, 0.8f});
            KnowledgeStatistics stats = store.statistics();
            assertEquals(List.of(
                    new KnowledgeStatistics.Group(EntityType.ITEM, "movies", "m1", 2, 24, 68),
                    new KnowledgeStatistics.Group(EntityType.USER, "movies", "m2", 1, 12, 34)), stats.groups());
            assertEquals(List.of(new KnowledgeStatistics.Encoded("enc", 2, 1)), stats.encoders());
        }
    }

    @Test
    void clusteringsAreStoredAsVersionsAndTheNewestIsRead() {
        try (KnowledgeStore store = location.open()) {
            assertTrue(store.latestClusters(EntityType.USER).isEmpty());
            ClusterRun first = new ClusterRun(EntityType.USER, "cf", "din@v1", 2, 12.5, 0.4);
            StoredClusters one = store.putClusters(first, new long[] {30, 10, 20}, new int[] {1, 0, 1});
            ClusterRun second = new ClusterRun(EntityType.USER, "cooccurrence", "samples abc", 3, 9.0, null);
            StoredClusters two = store.putClusters(second, new long[] {10, 20}, new int[] {2, 0});
            store.putClusters(new ClusterRun(EntityType.ITEM, "cf", "din@v1", 2, 1, 0.1), new long[] {5}, new int[] {0});
            assertTrue(two.version() > one.version());
            StoredClusters latest = store.latestClusters(EntityType.USER).orElseThrow();
            assertEquals(two.version(), latest.version());
            assertEquals(second, latest.run());
            assertArrayEquals(new long[] {10, 20}, latest.entityIds());
            assertArrayEquals(new int[] {2, 0}, latest.clusters());
            assertArrayEquals(new long[] {5}, store.latestClusters(EntityType.ITEM).orElseThrow().entityIds());
            assertEquals(3, latest.clusterIds().length);
            assertEquals(3, java.util.Arrays.stream(latest.clusterIds()).distinct().count());
            assertTrue(java.util.Arrays.stream(latest.clusterIds()).noneMatch(id -> java.util.Arrays.stream(one.clusterIds())
                    .anyMatch(old -> old == id)), "every cluster of every version has an id of its own");
            assertArrayEquals(two.clusterIds(), latest.clusterIds());
            assertArrayEquals(new long[][] {{20}, {}, {10}}, latest.members());
        }
    }

    @Test
    void codesAreStoredAsVersionsAndLookedUpByPrefix() {
        try (KnowledgeStore store = location.open()) {
            assertTrue(store.latestCodes(EntityType.ITEM).isEmpty());
            CodeRun run = new CodeRun(EntityType.ITEM, "minilm", null, 2, 3, 2, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                    11, 12}, new double[] {4.5, 1.25});
            store.putCodes(run, new long[] {7}, new int[] {0, 0}, new int[] {0});
            StoredCodes stored = store.putCodes(run, new long[] {30, 10, 20, 40}, new int[] {2, 1, 2, 1, 0, 2, 12, 0},
                    new int[] {1, 0, 0, 0});
            StoredCodes latest = store.latestCodes(EntityType.ITEM).orElseThrow();
            assertEquals(stored.version(), latest.version());
            assertArrayEquals(new long[] {10, 20, 30, 40}, latest.entityIds());
            assertArrayEquals(new int[] {2, 1, 0, 2, 2, 1, 12, 0}, latest.codes());
            assertArrayEquals(run.codebooks(), latest.run().codebooks());
            assertArrayEquals(run.inertia(), latest.run().inertia());
            assertEquals("2-1-0", latest.semanticId(0));
            assertEquals("2-1-1", latest.semanticId(2));
            assertEquals(List.of(new KnowledgeStore.CodeMatch(10, "2-1-0"), new KnowledgeStore.CodeMatch(30, "2-1-1")),
                    store.entitiesWithCodes(latest.version(), "2-1"));
            assertEquals(List.of(new KnowledgeStore.CodeMatch(30, "2-1-1")), store.entitiesWithCodes(latest.version(), "2-1-1"));
            assertEquals(2, store.entitiesWithCodes(latest.version(), "2").size(), "10 and 30; 20 is 0-2");
            assertEquals(List.of(new KnowledgeStore.CodeMatch(40, "12-0-0")), store.entitiesWithCodes(latest.version(), "12"),
                    "a prefix matches whole levels: 1 does not find 12");
            assertEquals(List.of(), store.entitiesWithCodes(latest.version(), "1"));
            assertThrows(IllegalArgumentException.class, () -> store.entitiesWithCodes(latest.version(), "2-%"));
        }
    }

    @Test
    void readersSeeTheLastCommitWhileAWriterIsMidTransaction() {
        try (KnowledgeStore writer = location.open();
             KnowledgeStore reader = location.openExisting()) {
            writer.upsert(entry(EntityType.ITEM, 1, "m", "committed"));
            writer.inTransaction(() -> {
                writer.upsert(entry(EntityType.ITEM, 2, "m", "pending"));
                assertEquals(1, reader.statistics().entries(), "a reader is neither blocked nor shown uncommitted rows");
            });
            assertEquals(2, reader.statistics().entries());
        }
    }


    @Test
    void aNewerSchemaIsRefusedWithAClearMessage() throws Exception {
        location.open().close();
        sql(location, "UPDATE schema_version SET version = 5");
        var error = assertThrows(BadInputException.class, () -> location.openExisting());
        assertTrue(error.getMessage().contains("schema version 5, newer than the version 4"), error.getMessage());
        sql(location, "UPDATE schema_version SET version = 0");
        error = assertThrows(BadInputException.class, () -> location.openExisting());
        assertTrue(error.getMessage().contains("unknown schema version 0"), error.getMessage());
    }

    @Test
    void anAbsentStoreIsNotOpenedAsAnExistingOne() {
        var error = assertThrows(BadInputException.class, () -> location.openExisting());
        assertTrue(error.getMessage().contains("import or generate knowledge into it first"), error.getMessage());
    }

    /**
     * Three processes write the same 120 keys (each with its own answer for a third of them, so that some upserts
     * update) and 40 keys of their own, in shuffled orders, in transactions of 25, then encode what they wrote: every
     * key ends up stored once, with one vector per entry, none lost.
     */
    @Test
    void writersInSeveralProcessesNeitherDuplicateNorLoseEntries() throws Exception {
        location.open().close();
        int writers = 3;
        long start = System.currentTimeMillis() + 2_500;
        List<Process> processes = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            processes.add(new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                    System.getProperty("java.class.path"), ConcurrentWriter.class.getName(), location.isFile()
                    ? location.file().toString() : location.jdbcUrl(), Integer.toString(w), Long.toString(start))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start());
        }
        for (Process process : processes) {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "a writer did not finish in 2 minutes");
            String output = new String(process.getInputStream().readAllBytes());
            assertEquals(0, process.exitValue(), "a writer failed: " + output);
        }
        try (KnowledgeStore store = location.openExisting()) {
            List<StoredEntry> all = store.entries(0, 10_000);
            assertEquals(ConcurrentWriter.SHARED + writers * ConcurrentWriter.OWN, all.size());
            Set<EntryKey> keys = new HashSet<>();
            for (StoredEntry stored : all) {
                assertTrue(keys.add(stored.entry().key()), "stored twice: " + stored.entry().key());
                assertEquals(List.of(ConcurrentWriter.ENCODER), store.encodersOf(stored.id()), "entry " + stored.id());
            }
            for (int w = 0; w < writers; w++) {
                for (int i = 0; i < ConcurrentWriter.OWN; i++) {
                    assertTrue(keys.contains(ConcurrentWriter.entry(w, ConcurrentWriter.SHARED + w * ConcurrentWriter.OWN + i)
                            .key()), "writer " + w + " lost entity " + i);
                }
            }
            assertEquals(0, store.countWithoutEmbedding(ConcurrentWriter.ENCODER));
        }
    }
}
