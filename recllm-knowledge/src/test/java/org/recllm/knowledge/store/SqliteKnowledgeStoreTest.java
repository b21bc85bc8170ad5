package org.recllm.knowledge.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;

/** Entries and embeddings round trip through a SQLite file; upserts are idempotent; foreign or newer files are refused. */
class SqliteKnowledgeStoreTest {
    private static final Instant MONDAY = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    Path dir;

    private static KnowledgeEntry entry(EntityType type, long id, String model, String answer) {
        String prompt = "Describe " + type.label() + " " + id + ".";
        return new KnowledgeEntry(EntryKey.of(type, id, "movies", prompt, model, "u1.base"), prompt, answer, 12, 34, 56, MONDAY);
    }

    @Test
    void entriesAndEmbeddingsSurviveReopening() {
        Path file = dir.resolve("knowledge.db");
        KnowledgeEntry item = entry(EntityType.ITEM, 7, "qwen2-1.5b", "A heist film.\n\n## Tags\n- \"crime\", heist");
        long id;
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(file)) {
            assertEquals(Upsert.INSERTED, store.upsert(item));
            id = store.find(item.key()).orElseThrow().id();
            store.putEmbedding(id, "enc-a", new float[] {1f, -0.5f, 0.25f});
        }
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.openExisting(file)) {
            StoredEntry stored = store.find(item.key()).orElseThrow();
            assertEquals(new StoredEntry(id, item), stored);
            assertArrayEquals(new float[] {1f, -0.5f, 0.25f}, store.embedding(id, "enc-a").orElseThrow());
            assertEquals(List.of("enc-a"), store.encodersOf(id));
            assertTrue(store.embedding(id, "enc-b").isEmpty());
            assertEquals(List.of(stored), store.entriesAbout(EntityType.ITEM, 7));
            assertTrue(store.entriesAbout(EntityType.USER, 7).isEmpty());
        }
    }

    @Test
    void upsertIsIdempotentAndAChangedAnswerDropsItsStaleVectors() {
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
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
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
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
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
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
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
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
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
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
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
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
    void aNewerSchemaIsRefusedWithAClearMessage() throws SQLException {
        Path file = dir.resolve("k.db");
        SqliteKnowledgeStore.open(file).close();
        sql(file, "UPDATE schema_version SET version = 5");
        var error = assertThrows(BadInputException.class, () -> SqliteKnowledgeStore.openExisting(file));
        assertTrue(error.getMessage().contains("schema version 5, newer than the version 4"), error.getMessage());
        sql(file, "UPDATE schema_version SET version = 0");
        error = assertThrows(BadInputException.class, () -> SqliteKnowledgeStore.openExisting(file));
        assertTrue(error.getMessage().contains("unknown schema version 0"), error.getMessage());
    }

    @Test
    void clusteringsAreStoredAsVersionsAndTheNewestIsRead() {
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
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
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
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

    /**
     * A store written by schema 3 (entries about items and users only, clusters without ids): opening it keeps every
     * entry and vector, gives each stored cluster its id and size, and admits knowledge about clusters.
     */
    @Test
    void aVersion3StoreAdmitsClusterKnowledgeAndKeepsItsVectors() throws SQLException {
        Path file = dir.resolve("k.db");
        sql(file, """
                CREATE TABLE schema_version (version INTEGER NOT NULL);
                INSERT INTO schema_version VALUES (3);
                CREATE TABLE entry (id INTEGER PRIMARY KEY, entity_type TEXT NOT NULL CHECK (entity_type IN ('item', 'user')),
                  entity_id INTEGER NOT NULL, scenario TEXT NOT NULL, prompt_hash TEXT NOT NULL, model_id TEXT NOT NULL,
                  time_window TEXT NOT NULL, prompt TEXT NOT NULL, answer TEXT NOT NULL, prompt_tokens INTEGER NOT NULL,
                  completion_tokens INTEGER NOT NULL, latency_ms INTEGER NOT NULL, created_at TEXT NOT NULL,
                  UNIQUE (entity_type, entity_id, scenario, prompt_hash, model_id, time_window));
                CREATE TABLE embedding (encoder_id TEXT NOT NULL, entry_id INTEGER NOT NULL REFERENCES entry (id)
                  ON DELETE CASCADE, dimension INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (encoder_id, entry_id));
                CREATE INDEX embedding_by_entry ON embedding (entry_id);
                CREATE TABLE cluster_run (id INTEGER PRIMARY KEY, entity_type TEXT NOT NULL CHECK (entity_type IN ('item', 'user')),
                  method TEXT NOT NULL, source TEXT NOT NULL, k INTEGER NOT NULL, inertia REAL NOT NULL, silhouette REAL,
                  created_at TEXT NOT NULL);
                CREATE TABLE cluster_member (run_id INTEGER NOT NULL REFERENCES cluster_run (id) ON DELETE CASCADE,
                  entity_id INTEGER NOT NULL, cluster INTEGER NOT NULL, PRIMARY KEY (run_id, entity_id)) WITHOUT ROWID;
                INSERT INTO entry VALUES (1, 'item', 5, 'movies', 'h', 'm', 'all', 'p', 'kept', 1, 2, 3, '2026-01-01T00:00:00Z');
                INSERT INTO embedding VALUES ('enc', 1, 1, x'0000803f');
                INSERT INTO cluster_run VALUES (1, 'user', 'cf', 's', 3, 1.0, NULL, '2026-01-01T00:00:00Z');
                INSERT INTO cluster_member VALUES (1, 10, 2), (1, 11, 2), (1, 12, 0);
                """);
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(file)) {
            assertEquals(1, store.statistics().entries());
            assertArrayEquals(new float[] {1f}, store.embedding(1, "enc").orElseThrow());
            StoredClusters clusters = store.latestClusters(EntityType.USER).orElseThrow();
            assertEquals(3, java.util.Arrays.stream(clusters.clusterIds()).filter(id -> id > 0).distinct().count());
            store.upsert(entry(EntityType.USER_CLUSTER, clusters.clusterIds()[2], "m", "two users who like dramas"));
            assertEquals(1, store.entriesAbout(EntityType.USER_CLUSTER, clusters.clusterIds()[2]).size());
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.ResultSet sizes = connection.createStatement().executeQuery("SELECT cluster, size FROM cluster ORDER BY cluster")) {
            List<String> rows = new java.util.ArrayList<>();
            while (sizes.next()) {
                rows.add(sizes.getInt(1) + ":" + sizes.getInt(2));
            }
            assertEquals(List.of("0:1", "1:0", "2:2"), rows);
        }
    }

    @Test
    void aVersion2StoreGainsTheClusterTables() throws SQLException {
        Path file = dir.resolve("k.db");
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(file)) {
            store.upsert(entry(EntityType.ITEM, 1, "m", "kept"));
        }
        sql(file, "DROP TABLE cluster_member");
        sql(file, "DROP TABLE cluster_run");
        sql(file, "UPDATE schema_version SET version = 2");
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(file)) {
            assertEquals(1, store.statistics().entries());
            store.putClusters(new ClusterRun(EntityType.ITEM, "cf", "s", 1, 0, null), new long[] {1}, new int[] {0});
            assertEquals(1, store.latestClusters(EntityType.ITEM).orElseThrow().clusters().length);
        }
    }

    @Test
    void foreignFilesAreRefused() throws SQLException, IOException {
        Path other = dir.resolve("other.db");
        sql(other, "CREATE TABLE ratings (user INTEGER)");
        var error = assertThrows(BadInputException.class, () -> SqliteKnowledgeStore.open(other));
        assertTrue(error.getMessage().contains("not a RecLLM knowledge store: it has the tables [ratings]"), error.getMessage());

        Path text = Files.writeString(dir.resolve("notes.db"), "just some notes that are long enough to look like a header".repeat(4));
        error = assertThrows(BadInputException.class, () -> SqliteKnowledgeStore.open(text));
        assertTrue(error.getMessage().contains("not a SQLite database"), error.getMessage());

        error = assertThrows(BadInputException.class, () -> SqliteKnowledgeStore.openExisting(dir.resolve("missing.db")));
        assertTrue(error.getMessage().contains("no knowledge store here"), error.getMessage());
    }

    @Test
    void readersSeeTheLastCommitWhileAWriterIsMidTransaction() {
        Path file = dir.resolve("k.db");
        try (SqliteKnowledgeStore writer = SqliteKnowledgeStore.open(file);
             SqliteKnowledgeStore reader = SqliteKnowledgeStore.openExisting(file)) {
            writer.upsert(entry(EntityType.ITEM, 1, "m", "committed"));
            writer.inTransaction(() -> {
                writer.upsert(entry(EntityType.ITEM, 2, "m", "pending"));
                assertEquals(1, reader.statistics().entries(), "a reader is neither blocked nor shown uncommitted rows");
            });
            assertEquals(2, reader.statistics().entries());
        }
    }

    @Test
    void theStoreUsesWriteAheadLogging() throws SQLException {
        Path file = dir.resolve("k.db");
        SqliteKnowledgeStore.open(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery("PRAGMA journal_mode")) {
            rows.next();
            assertEquals("wal", rows.getString(1));
        }
    }

    private static void sql(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
