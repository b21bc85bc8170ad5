package org.recllm.knowledge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.knowledge.importing.ImportReport;
import org.recllm.knowledge.importing.KnowledgeImporter;
import org.recllm.knowledge.importing.KnownIds;
import org.recllm.knowledge.importing.Provenance;
import org.recllm.knowledge.importing.TextSource;

/** The fault run's knowledge-store cases: identity of imports, suspicious ids, a v1 store's migration, a held lock. */
class KnowledgeStoreHardeningTest {
    private static final Provenance IMPORTED = new Provenance("imported", "movies", "all");
    private static final String MOVIES = "movie_id,movie_info\n1,A toy comes alive.\n2,A spy with gadgets.\n";

    @TempDir
    Path dir;

    private TextSource movies(Path file) {
        return new TextSource(EntityType.ITEM, file, "movie_id", "movie_info");
    }

    @Test
    void theSameTextsUnderAnotherFileNameAreTheSameEntries() throws IOException {
        Path first = Files.writeString(dir.resolve("movies.csv"), MOVIES);
        Path renamed = Files.writeString(dir.resolve("movies-copy.csv"), MOVIES);
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            KnowledgeImporter.importAll(List.of(movies(first)), IMPORTED, false, store);
            List<ImportReport> again = KnowledgeImporter.importAll(List.of(movies(renamed)), IMPORTED, false, store);
            assertEquals(new ImportReport(movies(renamed), 2, 0, 0, 2, 0, 0, 0), again.getFirst());
            assertEquals(2, store.statistics().entries());
        }
    }

    @Test
    void invalidAndUnknownIdsAreCounted() throws IOException {
        Path csv = Files.writeString(dir.resolve("movies.csv"), MOVIES + "0,Zero.\n-5,Negative.\n99,Not in the dataset.\n");
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            KnownIds known = new KnownIds(Set.of(1L, 2L, 3L), Set.of(1L));
            ImportReport report = KnowledgeImporter.importAll(List.of(movies(csv)), IMPORTED, false, Optional.of(known),
                    store).getFirst();
            assertEquals(5, report.rows());
            assertEquals(2, report.invalidIds());
            assertEquals(1, report.unknownIds());
        }
    }

    /** A store as RecLLM wrote it before imports were keyed by what they are: the same texts imported twice. */
    private Path version1StoreWithADuplicatedImport() throws SQLException {
        Path file = dir.resolve("v1.db");
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(file)) {
            store.upsert(entry(1, "imported from a.csv, column movie_info", "old text", "2026-01-01T00:00:00.100Z"));
            store.upsert(entry(1, "imported from b.csv, column movie_info", "new text", "2026-02-01T00:00:00.100Z"));
            store.upsert(entry(2, "imported from a.csv, column movie_info", "only text", "2026-01-01T00:00:00.100Z"));
            store.upsert(entry(2, "Introduce movie 2", "an LLM answer", "2026-01-01T00:00:00.100Z"));
            long stale = store.find(entry(1, "imported from a.csv, column movie_info", "", "2026-01-01T00:00:00Z").key())
                    .orElseThrow().id();
            store.putEmbedding(stale, "minilm", new float[] {1, 2});
        }
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = sql.createStatement()) {
            // A version-1 file had no cluster tables.
            statement.executeUpdate("DROP TABLE cluster_member");
            statement.executeUpdate("DROP TABLE cluster_run");
            statement.executeUpdate("UPDATE schema_version SET version = 1");
        }
        return file;
    }

    private static KnowledgeEntry entry(long id, String prompt, String answer, String createdAt) {
        return new KnowledgeEntry(EntryKey.of(EntityType.ITEM, id, "movies", prompt, "imported", "all"), prompt, answer,
                0, 0, 0, Instant.parse(createdAt));
    }

    @Test
    void aVersion1StoreIsMigratedKeepingTheNewestImportPerEntity() throws Exception {
        Path file = version1StoreWithADuplicatedImport();
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(file)) {
            List<StoredEntry> first = store.entriesAbout(EntityType.ITEM, 1);
            assertEquals(1, first.size());
            assertEquals("new text", first.getFirst().entry().answer());
            assertEquals(EntryKey.IMPORTED_PROMPT, first.getFirst().entry().prompt());
            assertEquals(List.of("imported text", "Introduce movie 2"),
                    store.entriesAbout(EntityType.ITEM, 2).stream().map(e -> e.entry().prompt()).toList());
            assertEquals(3, store.statistics().entries());
            assertEquals(0, store.statistics().encoders().size(), "the superseded entry's vector went with it");
            store.putClusters(new ClusterRun(EntityType.ITEM, "cf", "s", 1, 0, null), new long[] {1}, new int[] {0});
            assertEquals(1, store.latestClusters(EntityType.ITEM).orElseThrow().entityIds().length,
                    "migrated through version 2 to 3: the cluster tables exist");
        }
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rows = sql.createStatement().executeQuery("SELECT version FROM schema_version")) {
            assertTrue(rows.next());
            assertEquals(SqliteKnowledgeStore.SCHEMA_VERSION, rows.getInt(1));
        }
        Path csv = Files.writeString(dir.resolve("c.csv"), "movie_id,movie_info\n1,new text\n");
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(file)) {
            ImportReport report = KnowledgeImporter.importAll(List.of(movies(csv)), IMPORTED, false, store).getFirst();
            assertEquals(1, report.unchanged(), "the migrated entry is the one a new import finds");
        }
    }

    /** Another connection, as another process would hold it: in a write transaction that has written. */
    private static Connection holdingTheWriteLock(Path file) throws SQLException {
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        other.setAutoCommit(false);
        try (PreparedStatement insert = other.prepareStatement("INSERT INTO schema_version VALUES (9)")) {
            insert.executeUpdate();
        }
        return other;
    }

    @Test
    void aStoreLockedByAnotherConnectionIsNamedAfterTheStatedWait() throws SQLException {
        Path file = dir.resolve("k.db");
        SqliteKnowledgeStore.open(file).close();
        try (Connection other = holdingTheWriteLock(file);
             SqliteKnowledgeStore store = SqliteKnowledgeStore.open(file, Duration.ofSeconds(1))) {
            long start = System.nanoTime();
            var e = assertThrows(KnowledgeStoreException.class,
                    () -> store.upsert(entry(1, "p", "a", "2026-01-01T00:00:00Z")));
            double waited = (System.nanoTime() - start) / 1e9;
            assertEquals("store " + file + " is locked by another process (waited 1 s for it to finish writing); "
                    + "try again when that process is done", e.getMessage());
            assertTrue(waited >= 0.9 && waited < 5, "waited " + waited + " s");
            other.rollback();
            assertEquals(Upsert.INSERTED, store.upsert(entry(1, "p", "a", "2026-01-01T00:00:00Z")),
                    "the store works again once the other writer is done");
        }
    }
}
