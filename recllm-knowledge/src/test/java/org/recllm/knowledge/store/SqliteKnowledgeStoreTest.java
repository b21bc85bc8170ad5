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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;

/** The store contract on a SQLite file, and what is SQLite's own: migrations from older schemas, foreign files, WAL. */
class SqliteKnowledgeStoreTest extends KnowledgeStoreContract {
    @TempDir
    Path dir;

    @Override
    StoreLocation newLocation() {
        return StoreLocation.of(dir.resolve("k.db"));
    }

    @Override
    void sql(StoreLocation store, String statement) throws SQLException {
        sql(store.file(), statement);
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

