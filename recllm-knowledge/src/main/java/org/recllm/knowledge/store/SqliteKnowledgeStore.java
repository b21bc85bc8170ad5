package org.recllm.knowledge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.recllm.core.io.BadInputException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A knowledge store in one SQLite file. WAL journaling lets readers (stats, show) run while an encode writes; write
 * transactions start IMMEDIATE so two writers queue on the busy timeout instead of failing half-way.
 */
public final class SqliteKnowledgeStore extends JdbcKnowledgeStore {
    /**
     * The schema this code reads and writes; a store with another version is refused, never guessed at. Version 2 keys
     * imported text by what it is, not by the file it came from: {@link #migrateFromVersion1} re-keys a version-1 store.
     */
    public static final int SCHEMA_VERSION = 4;
    /** How long a write waits for another process's write to finish before it reports the store as locked. */
    public static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    /** The prompt of version-1 imports, which named their file: {@code imported from FILE, column COLUMN}. */
    private static final String VERSION_1_IMPORT_PROMPT = "imported from %, column %";

    /** Version 3: collaborative clusterings of users and items, each run a version. */
    private static final String CLUSTER_SCHEMA = """
            CREATE TABLE IF NOT EXISTS cluster_run (
              id          INTEGER PRIMARY KEY,
              entity_type TEXT    NOT NULL CHECK (entity_type IN ('item', 'user')),
              method      TEXT    NOT NULL,
              source      TEXT    NOT NULL,
              k           INTEGER NOT NULL,
              inertia     REAL    NOT NULL,
              silhouette  REAL,
              created_at  TEXT    NOT NULL
            );
            CREATE TABLE IF NOT EXISTS cluster_member (
              run_id    INTEGER NOT NULL REFERENCES cluster_run (id) ON DELETE CASCADE,
              entity_id INTEGER NOT NULL,
              cluster   INTEGER NOT NULL,
              PRIMARY KEY (run_id, entity_id)
            ) WITHOUT ROWID;
            """;

    /**
     * Version 4: each cluster gets an id of its own (what knowledge about a cluster is keyed by), and residual k-means
     * codes of the knowledge vectors are stored per run with their codebooks; a code tuple plus its suffix (the rank
     * among entities sharing the tuple) is an entity's semantic ID.
     */
    private static final String CODE_SCHEMA = """
            CREATE TABLE IF NOT EXISTS cluster (
              id      INTEGER PRIMARY KEY,
              run_id  INTEGER NOT NULL REFERENCES cluster_run (id) ON DELETE CASCADE,
              cluster INTEGER NOT NULL,
              size    INTEGER NOT NULL,
              UNIQUE (run_id, cluster)
            );
            CREATE TABLE IF NOT EXISTS code_run (
              id          INTEGER PRIMARY KEY,
              entity_type TEXT    NOT NULL CHECK (entity_type IN ('item', 'user')),
              encoder_id  TEXT    NOT NULL,
              model_id    TEXT,
              levels      INTEGER NOT NULL,
              k           INTEGER NOT NULL,
              dimension   INTEGER NOT NULL,
              codebooks   BLOB    NOT NULL,
              inertia     TEXT    NOT NULL,
              created_at  TEXT    NOT NULL
            );
            CREATE TABLE IF NOT EXISTS code_member (
              run_id    INTEGER NOT NULL REFERENCES code_run (id) ON DELETE CASCADE,
              entity_id INTEGER NOT NULL,
              codes     TEXT    NOT NULL,
              suffix    INTEGER NOT NULL,
              PRIMARY KEY (run_id, entity_id)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS code_member_by_codes ON code_member (run_id, codes, suffix);
            """;

    private static final String ENTITY_TYPES = "'item', 'user', 'item-cluster', 'user-cluster'";

    private static final String ENTRY_TABLE = """
            CREATE TABLE %s (
              id                INTEGER PRIMARY KEY,
              entity_type       TEXT    NOT NULL CHECK (entity_type IN (%s)),
              entity_id         INTEGER NOT NULL,
              scenario          TEXT    NOT NULL,
              prompt_hash       TEXT    NOT NULL,
              model_id          TEXT    NOT NULL,
              time_window       TEXT    NOT NULL,
              prompt            TEXT    NOT NULL,
              answer            TEXT    NOT NULL,
              prompt_tokens     INTEGER NOT NULL,
              completion_tokens INTEGER NOT NULL,
              latency_ms        INTEGER NOT NULL,
              created_at        TEXT    NOT NULL,
              UNIQUE (entity_type, entity_id, scenario, prompt_hash, model_id, time_window)
            );
            """;

    private static final String SCHEMA = "CREATE TABLE schema_version (version INTEGER NOT NULL);\n"
            + ENTRY_TABLE.formatted("entry", ENTITY_TYPES) + """
            CREATE TABLE embedding (
              encoder_id TEXT    NOT NULL,
              entry_id   INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
              dimension  INTEGER NOT NULL,
              vector     BLOB    NOT NULL,
              PRIMARY KEY (encoder_id, entry_id)
            );
            CREATE INDEX embedding_by_entry ON embedding (entry_id);
            """ + CLUSTER_SCHEMA + CODE_SCHEMA;

    private final Path file;
    private final Duration lockWait;

    private SqliteKnowledgeStore(Path file, Connection connection, Duration lockWait) {
        super(file.toString(), connection);
        this.file = file;
        this.lockWait = lockWait;
    }

    /** Opens the store at {@code file}, creating it (and its folder) when absent. */
    public static SqliteKnowledgeStore open(Path file) {
        return open(file, LOCK_WAIT);
    }

    /** As {@link #open(Path)}, waiting at most {@code lockWait} for another process's write. */
    public static SqliteKnowledgeStore open(Path file, Duration lockWait) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the folder of " + file + ": " + e.getMessage(), e);
        }
        return connect(file, lockWait);
    }

    /** Opens an existing store; a missing file is an error telling how to make one. */
    public static SqliteKnowledgeStore openExisting(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "no knowledge store here; import or generate knowledge into it first");
        }
        return connect(file, LOCK_WAIT);
    }

    /** Removes a store's file with SQLite's side files (write-ahead log, shared memory); the store must be closed. */
    public static void delete(Path file) {
        try {
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + file + ": " + e.getMessage(), e);
        }
    }

    private static SqliteKnowledgeStore connect(Path file, Duration lockWait) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL under WAL keeps every commit atomic and the file consistent; a power cut may lose the last commits.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) lockWait.toMillis());
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection connection;
        try {
            connection = config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw openingError(file, e);
        }
        SqliteKnowledgeStore store = new SqliteKnowledgeStore(file, connection, lockWait);
        try {
            store.checkOrCreateSchema();
        } catch (KnowledgeStoreException e) {
            store.close();
            throw e.getCause() instanceof SQLException sql ? openingError(file, sql) : e;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static RuntimeException openingError(Path file, SQLException e) {
        if (e instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB) {
            return new BadInputException(file, "not a SQLite database, so not a knowledge store");
        }
        return new KnowledgeStoreException(file + ": could not open the knowledge store: " + e.getMessage(), e);
    }

    private void checkOrCreateSchema() {
        List<String> tables = tableNames();
        if (tables.isEmpty()) {
            inTransaction(() -> {
                // Checked again under the write lock: another process may have created the schema meanwhile.
                if (tableNames().isEmpty()) {
                    execute("create the schema", SCHEMA + "INSERT INTO schema_version VALUES (" + SCHEMA_VERSION + ");");
                }
            });
            tables = tableNames();
        }
        if (!tables.contains("schema_version")) {
            throw new BadInputException(file, "not a RecLLM knowledge store: it has the tables " + tables
                    + " but no schema_version");
        }
        int version = schemaVersion(SCHEMA_VERSION);
        if (version == 1) {
            migrateFromVersion1();
        }
        if (version == 1 || version == 2) {
            migrateFromVersion2();
        }
        if (version >= 1 && version <= 3) {
            migrateFromVersion3();
        } else if (version != SCHEMA_VERSION) {
            throw new BadInputException(file, "the store has an unknown schema version " + version + " (this RecLLM reads "
                    + SCHEMA_VERSION + ")");
        }
    }

    /**
     * Version 1 keyed an import by a prompt naming its file, so the same texts imported under another file name were
     * stored twice. Re-keys every import by the one {@link EntryKey#IMPORTED_PROMPT}, keeping per entity, scenario, model and
     * time window the most recently written text (its embeddings go with the others' removal), in one transaction.
     */
    private void migrateFromVersion1() {
        inTransaction(() -> {
            // Checked again under the write lock: another process may have migrated meanwhile.
            if (schemaVersion(SCHEMA_VERSION) != 1) {
                return;
            }
            update("drop imports superseded by a later one", """
                    DELETE FROM entry WHERE prompt LIKE ? AND id NOT IN (
                      SELECT id FROM (SELECT id, max(created_at || printf('%020d', id)) FROM entry WHERE prompt LIKE ?
                                      GROUP BY entity_type, entity_id, scenario, model_id, time_window))""",
                    VERSION_1_IMPORT_PROMPT, VERSION_1_IMPORT_PROMPT);
            update("re-key imports", "UPDATE entry SET prompt = ?, prompt_hash = ? WHERE prompt LIKE ?",
                    EntryKey.IMPORTED_PROMPT, EntryKey.hash(EntryKey.IMPORTED_PROMPT), VERSION_1_IMPORT_PROMPT);
            update("record the schema version", "UPDATE schema_version SET version = ?", 2);
        });
    }

    /** Version 2 had no clusterings: their tables are added. */
    private void migrateFromVersion2() {
        inTransaction(() -> {
            if (schemaVersion(SCHEMA_VERSION) != 2) {
                return;
            }
            execute("add the cluster tables", CLUSTER_SCHEMA);
            update("record the schema version", "UPDATE schema_version SET version = ?", 3);
        });
    }

    /**
     * Version 3 kept knowledge about items and users only, and clusters had no ids. The entry table is rebuilt with
     * the cluster types admitted (SQLite cannot alter a CHECK constraint: a new table, the rows copied, the old one
     * dropped with foreign keys off so that no embedding cascades away, then checked), and every stored cluster gets
     * its id, in one transaction.
     */
    private void migrateFromVersion3() {
        execute("suspend foreign keys", "PRAGMA foreign_keys = OFF;");
        try {
            inTransaction(() -> {
                if (schemaVersion(SCHEMA_VERSION) != 3) {
                    return;
                }
                execute("admit cluster knowledge", ENTRY_TABLE.formatted("entry_v4", ENTITY_TYPES) + """
                        INSERT INTO entry_v4 SELECT id, entity_type, entity_id, scenario, prompt_hash, model_id, time_window,
                                                    prompt, answer, prompt_tokens, completion_tokens, latency_ms, created_at
                        FROM entry;
                        DROP TABLE entry;
                        ALTER TABLE entry_v4 RENAME TO entry;
                        """ + CODE_SCHEMA + """
                        WITH RECURSIVE n (c) AS (SELECT 0 UNION ALL SELECT c + 1 FROM n
                                                 WHERE c + 1 < (SELECT max(k) FROM cluster_run))
                        INSERT INTO cluster (run_id, cluster, size)
                        SELECT r.id, n.c, (SELECT count(*) FROM cluster_member m WHERE m.run_id = r.id AND m.cluster = n.c)
                        FROM cluster_run r JOIN n ON n.c < r.k ORDER BY r.id, n.c;
                        """);
                boolean dangling = query("check the foreign keys", "PRAGMA foreign_key_check", java.sql.ResultSet::next);
                if (dangling) {
                    throw new KnowledgeStoreException(file + ": migrating to schema 4 left embeddings without entries", null);
                }
                update("record the schema version", "UPDATE schema_version SET version = ?", 4);
            });
        } finally {
            execute("restore foreign keys", "PRAGMA foreign_keys = ON;");
        }
    }

    @Override
    String tableListing() {
        return "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
    }

    @Override
    String lockingRead() {
        return ""; // IMMEDIATE transactions hold the write lock from their start: no other writer can come between
    }

    @Override
    boolean isConflict(SQLException e) {
        return false;
    }

    @Override
    KnowledgeStoreException failure(String doing, SQLException e) {
        if (e instanceof SQLiteException sqlite && (sqlite.getResultCode().code & 0xFF) == SQLiteErrorCode.SQLITE_BUSY.code) {
            return new KnowledgeStoreException("store " + file + " is locked by another process (waited "
                    + lockWait.toSeconds() + " s for it to finish writing); try again when that process is done", e);
        }
        return super.failure(doing, e);
    }
}
