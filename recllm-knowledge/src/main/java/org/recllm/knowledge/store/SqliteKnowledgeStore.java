package org.recllm.knowledge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Float32Bytes;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A knowledge store in one SQLite file. WAL journaling lets readers (stats, show) run while an encode writes; write
 * transactions start IMMEDIATE so two writers queue on the busy timeout instead of failing half-way.
 */
public final class SqliteKnowledgeStore implements KnowledgeStore {
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

    private static final String ENTRY_COLUMNS = "e.id, e.entity_type, e.entity_id, e.scenario, e.prompt_hash, e.model_id, "
            + "e.time_window, e.prompt, e.answer, e.prompt_tokens, e.completion_tokens, e.latency_ms, e.created_at";

    private static final String KEY_MATCH = "e.entity_type = ? AND e.entity_id = ? AND e.scenario = ? AND e.prompt_hash = ? "
            + "AND e.model_id = ? AND e.time_window = ?";

    private final Path file;
    private final Connection connection;
    private final Duration lockWait;
    /** The dimension of each encoder's vectors, as far as this instance has seen; cleared on rollback. */
    private final Map<String, Integer> dimensions = new HashMap<>();
    private boolean inTransaction;

    private SqliteKnowledgeStore(Path file, Connection connection, Duration lockWait) {
        this.file = file;
        this.connection = connection;
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
        int version = schemaVersion();
        if (version > SCHEMA_VERSION) {
            throw new BadInputException(file, "the store has schema version " + version + ", newer than the version "
                    + SCHEMA_VERSION + " this RecLLM reads; open it with a newer RecLLM");
        }
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

    private int schemaVersion() {
        return query("read the schema version", "SELECT max(version) FROM schema_version",
                rows -> rows.next() ? rows.getInt(1) : 0);
    }

    /**
     * Version 1 keyed an import by a prompt naming its file, so the same texts imported under another file name were
     * stored twice. Re-keys every import by the one {@link EntryKey#IMPORTED_PROMPT}, keeping per entity, scenario, model and
     * time window the most recently written text (its embeddings go with the others' removal), in one transaction.
     */
    private void migrateFromVersion1() {
        inTransaction(() -> {
            // Checked again under the write lock: another process may have migrated meanwhile.
            if (schemaVersion() != 1) {
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
            if (schemaVersion() != 2) {
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
                if (schemaVersion() != 3) {
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

    private List<String> tableNames() {
        return query("list the tables", "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", rows -> {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        });
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (inTransaction) {
            return work.get();
        }
        boolean committed = false;
        try {
            connection.setAutoCommit(false);
            inTransaction = true;
            T result = work.get();
            connection.commit();
            committed = true;
            return result;
        } catch (SQLException e) {
            throw failure("commit", e);
        } finally {
            inTransaction = false;
            if (!committed) {
                dimensions.clear();
                rollback();
            }
            endTransaction(committed);
        }
    }

    /** Back to autocommit; after a failure, a second failure here must not hide the first (the one to report). */
    private void endTransaction(boolean committed) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            if (committed) {
                throw failure("end a transaction", e);
            }
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The failure that led here is the one to report; SQLite rolls back an unfinished transaction on close too.
        }
    }

    @Override
    public Upsert upsert(KnowledgeEntry entry) {
        return inTransaction(() -> {
            Optional<StoredEntry> existing = find(entry.key());
            if (existing.isEmpty()) {
                insert(entry);
                return Upsert.INSERTED;
            }
            StoredEntry stored = existing.get();
            if (stored.entry().sameContentAs(entry)) {
                return Upsert.UNCHANGED;
            }
            update(stored.id(), entry);
            if (!stored.entry().answer().equals(entry.answer())) {
                update("drop stale embeddings", "DELETE FROM embedding WHERE entry_id = ?", stored.id());
            }
            return Upsert.UPDATED;
        });
    }

    private void insert(KnowledgeEntry entry) {
        EntryKey key = entry.key();
        update("insert an entry", """
                INSERT INTO entry (entity_type, entity_id, scenario, prompt_hash, model_id, time_window, prompt, answer,
                                   prompt_tokens, completion_tokens, latency_ms, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                key.entityType().label(), key.entityId(), key.scenario(), key.promptHash(), key.modelId(), key.timeWindow(),
                entry.prompt(), entry.answer(), entry.promptTokens(), entry.completionTokens(), entry.latencyMs(),
                entry.createdAt().toString());
    }

    private void update(long id, KnowledgeEntry entry) {
        update("update an entry", """
                UPDATE entry SET prompt = ?, answer = ?, prompt_tokens = ?, completion_tokens = ?, latency_ms = ?, created_at = ?
                WHERE id = ?""",
                entry.prompt(), entry.answer(), entry.promptTokens(), entry.completionTokens(), entry.latencyMs(),
                entry.createdAt().toString(), id);
    }

    @Override
    public Optional<StoredEntry> find(EntryKey key) {
        List<StoredEntry> found = entries("SELECT " + ENTRY_COLUMNS + " FROM entry e WHERE " + KEY_MATCH,
                key.entityType().label(), key.entityId(), key.scenario(), key.promptHash(), key.modelId(), key.timeWindow());
        return found.stream().findFirst();
    }

    @Override
    public List<StoredEntry> entriesAbout(EntityType type, long entityId) {
        return entries("SELECT " + ENTRY_COLUMNS + " FROM entry e WHERE e.entity_type = ? AND e.entity_id = ? ORDER BY e.id",
                type.label(), entityId);
    }

    @Override
    public List<StoredEntry> entries(long afterId, int limit) {
        return entries("SELECT " + ENTRY_COLUMNS + " FROM entry e WHERE e.id > ? ORDER BY e.id LIMIT ?", afterId, limit);
    }

    @Override
    public List<StoredEntry> withoutEmbedding(String encoderId, long afterId, int limit) {
        return entries("SELECT " + ENTRY_COLUMNS + " FROM entry e WHERE e.id > ? AND NOT EXISTS "
                + "(SELECT 1 FROM embedding m WHERE m.encoder_id = ? AND m.entry_id = e.id) ORDER BY e.id LIMIT ?",
                afterId, encoderId, limit);
    }

    @Override
    public long countWithoutEmbedding(String encoderId) {
        return query("count unencoded entries", "SELECT count(*) FROM entry e WHERE NOT EXISTS "
                + "(SELECT 1 FROM embedding m WHERE m.encoder_id = ? AND m.entry_id = e.id)",
                rows -> rows.next() ? rows.getLong(1) : 0L, encoderId);
    }

    @Override
    public void putEmbedding(long entryId, String encoderId, float[] vector) {
        for (float value : vector) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("encoder " + encoderId + " produced a non-finite value for entry " + entryId);
            }
        }
        Integer dimension = dimensions.computeIfAbsent(encoderId, this::storedDimension);
        if (dimension != null && dimension != vector.length) {
            throw new IllegalArgumentException("encoder " + encoderId + " has vectors of dimension " + dimension
                    + " in " + file + ", not " + vector.length);
        }
        update("store an embedding", """
                INSERT INTO embedding (encoder_id, entry_id, dimension, vector) VALUES (?, ?, ?, ?)
                ON CONFLICT (encoder_id, entry_id) DO UPDATE SET dimension = excluded.dimension, vector = excluded.vector""",
                encoderId, entryId, vector.length, Float32Bytes.toBytes(vector));
        dimensions.put(encoderId, vector.length);
    }

    private Integer storedDimension(String encoderId) {
        return query("read an encoder's dimension", "SELECT dimension FROM embedding WHERE encoder_id = ? LIMIT 1",
                rows -> rows.next() ? rows.getInt(1) : null, encoderId);
    }

    @Override
    public Optional<float[]> embedding(long entryId, String encoderId) {
        return query("read an embedding", "SELECT dimension, vector FROM embedding WHERE encoder_id = ? AND entry_id = ?",
                rows -> rows.next() ? Optional.of(Float32Bytes.toFloats(rows.getBytes(2), rows.getInt(1))) : Optional.empty(),
                encoderId, entryId);
    }

    @Override
    public List<EncodedEntry> encoded(EntityType type, String encoderId) {
        return query("read encoded entries", "SELECT e.entity_id, e.model_id, e.created_at, e.time_window, v.dimension, "
                + "v.vector FROM entry e JOIN embedding v ON v.entry_id = e.id WHERE e.entity_type = ? "
                + "AND v.encoder_id = ? ORDER BY e.entity_id, e.id", rows -> {
                    List<EncodedEntry> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(new EncodedEntry(rows.getLong(1), rows.getString(2), Instant.parse(rows.getString(3)),
                                rows.getString(4), Float32Bytes.toFloats(rows.getBytes(6), rows.getInt(5))));
                    }
                    return found;
                }, type.label(), encoderId);
    }

    @Override
    public List<String> encodersOf(long entryId) {
        return query("list an entry's encoders", "SELECT encoder_id FROM embedding WHERE entry_id = ? ORDER BY encoder_id",
                rows -> {
                    List<String> encoders = new ArrayList<>();
                    while (rows.next()) {
                        encoders.add(rows.getString(1));
                    }
                    return encoders;
                }, entryId);
    }

    @Override
    public StoredClusters putClusters(ClusterRun run, long[] entityIds, int[] clusters) {
        if (entityIds.length != clusters.length) {
            throw new IllegalArgumentException(entityIds.length + " entities with " + clusters.length + " clusters");
        }
        return inTransaction(() -> {
            String created = Instant.now().toString();
            update("store a clustering", "INSERT INTO cluster_run (entity_type, method, source, k, inertia, silhouette, "
                    + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", run.type().label(), run.method(), run.source(), run.k(),
                    run.inertia(), run.silhouette(), created);
            long version = lastInsertId("read the clustering's version");
            int[] sizes = new int[run.k()];
            for (int cluster : clusters) {
                sizes[cluster]++;
            }
            long[] clusterIndexes = new long[run.k()];
            java.util.Arrays.setAll(clusterIndexes, c -> c);
            insertInKeyOrder("store the clusters", "INSERT INTO cluster (run_id, cluster, size) VALUES (?, ?, ?)",
                    clusterIndexes, (insert, c) -> {
                        insert.setLong(1, version);
                        insert.setInt(2, c);
                        insert.setInt(3, sizes[c]);
                    });
            long[] clusterIds = clusterIds(version, run.k());
            insertInKeyOrder("store the cluster members", "INSERT INTO cluster_member (run_id, entity_id, cluster) "
                    + "VALUES (?, ?, ?)", entityIds, (insert, i) -> {
                        insert.setLong(1, version);
                        insert.setLong(2, entityIds[i]);
                        insert.setInt(3, clusters[i]);
                    });
            return new StoredClusters(version, run, Instant.parse(created), entityIds.clone(), clusters.clone(), clusterIds);
        });
    }

    @Override
    public Optional<StoredClusters> latestClusters(EntityType type) {
        record Header(long version, ClusterRun run, Instant createdAt) {}
        Optional<Header> header = query("read the newest clustering", "SELECT id, method, source, k, inertia, "
                + "silhouette, created_at FROM cluster_run WHERE entity_type = ? ORDER BY id DESC LIMIT 1", rows -> rows.next()
                ? Optional.of(new Header(rows.getLong(1), new ClusterRun(type, rows.getString(2), rows.getString(3),
                        rows.getInt(4), rows.getDouble(5), rows.getObject(6) == null ? null : rows.getDouble(6)),
                        Instant.parse(rows.getString(7))))
                : Optional.empty(), type.label());
        return header.map(run -> {
            long[] clusterIds = clusterIds(run.version(), run.run().k());
            return query("read the cluster members", "SELECT entity_id, cluster FROM cluster_member "
                    + "WHERE run_id = ? ORDER BY entity_id", rows -> {
                        long[] ids = new long[1024];
                        int[] clusters = new int[1024];
                        int count = 0;
                        while (rows.next()) {
                            if (count == ids.length) {
                                ids = java.util.Arrays.copyOf(ids, 2 * count);
                                clusters = java.util.Arrays.copyOf(clusters, 2 * count);
                            }
                            ids[count] = rows.getLong(1);
                            clusters[count++] = rows.getInt(2);
                        }
                        return new StoredClusters(run.version(), run.run(), run.createdAt(),
                                java.util.Arrays.copyOf(ids, count), java.util.Arrays.copyOf(clusters, count), clusterIds);
                    }, run.version());
        });
    }

    /** The store id of each of the {@code k} clusters of clustering {@code version}, by cluster index. */
    private long[] clusterIds(long version, int k) {
        return query("read the cluster ids", "SELECT cluster, id FROM cluster WHERE run_id = ?", rows -> {
            long[] ids = new long[k];
            while (rows.next()) {
                ids[rows.getInt(1)] = rows.getLong(2);
            }
            return ids;
        }, version);
    }

    @Override
    public StoredCodes putCodes(CodeRun run, long[] entityIds, int[] codes, int[] suffixes) {
        return inTransaction(() -> {
            String created = Instant.now().toString();
            StringJoiner inertia = new StringJoiner(",");
            for (double value : run.inertia()) {
                inertia.add(Double.toString(value));
            }
            update("store a code run", "INSERT INTO code_run (entity_type, encoder_id, model_id, levels, k, dimension, "
                    + "codebooks, inertia, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", run.type().label(), run.encoderId(),
                    run.modelId(), run.levels(), run.k(), run.dimension(), Float32Bytes.toBytes(run.codebooks()),
                    inertia.toString(), created);
            long version = lastInsertId("read the code run's version");
            StoredCodes stored = new StoredCodes(version, run, Instant.parse(created), entityIds.clone(), codes.clone(),
                    suffixes.clone());
            insertInKeyOrder("store the codes", "INSERT INTO code_member (run_id, entity_id, codes, suffix) "
                    + "VALUES (?, ?, ?, ?)", entityIds, (insert, i) -> {
                        insert.setLong(1, version);
                        insert.setLong(2, entityIds[i]);
                        insert.setString(3, stored.codeText(i));
                        insert.setInt(4, suffixes[i]);
                    });
            return stored;
        });
    }

    @Override
    public Optional<StoredCodes> latestCodes(EntityType type) {
        record Header(long version, CodeRun run, Instant createdAt) {}
        Optional<Header> header = query("read the newest code run", "SELECT id, encoder_id, model_id, levels, k, dimension, "
                + "codebooks, inertia, created_at FROM code_run WHERE entity_type = ? ORDER BY id DESC LIMIT 1",
                rows -> rows.next() ? Optional.of(new Header(rows.getLong(1), new CodeRun(type, rows.getString(2),
                        rows.getString(3), rows.getInt(4), rows.getInt(5), rows.getInt(6),
                        Float32Bytes.toFloats(rows.getBytes(7),
                                rows.getInt(4) * rows.getInt(5) * rows.getInt(6)), java.util.Arrays.stream(rows.getString(8).split(","))
                                .mapToDouble(Double::parseDouble).toArray()), Instant.parse(rows.getString(9))))
                        : Optional.empty(), type.label());
        return header.map(run -> query("read the codes", "SELECT entity_id, codes, suffix FROM code_member "
                + "WHERE run_id = ? ORDER BY entity_id", rows -> {
                    int levels = run.run().levels();
                    long[] ids = new long[1024];
                    int[] codes = new int[1024 * levels];
                    int[] suffixes = new int[1024];
                    int count = 0;
                    while (rows.next()) {
                        if (count == ids.length) {
                            ids = java.util.Arrays.copyOf(ids, 2 * count);
                            codes = java.util.Arrays.copyOf(codes, 2 * count * levels);
                            suffixes = java.util.Arrays.copyOf(suffixes, 2 * count);
                        }
                        ids[count] = rows.getLong(1);
                        String[] parts = rows.getString(2).split("-");
                        for (int level = 0; level < levels; level++) {
                            codes[count * levels + level] = Integer.parseInt(parts[level]);
                        }
                        suffixes[count++] = rows.getInt(3);
                    }
                    return new StoredCodes(run.version(), run.run(), run.createdAt(), java.util.Arrays.copyOf(ids, count),
                            java.util.Arrays.copyOf(codes, count * levels), java.util.Arrays.copyOf(suffixes, count));
                }, run.version()));
    }

    @Override
    public List<CodeMatch> entitiesWithCodes(long version, String prefix) {
        String[] parts = StoredCodes.requirePrefix(prefix).split("-");
        int levels = query("read the code run's levels", "SELECT levels FROM code_run WHERE id = ?",
                rows -> rows.next() ? rows.getInt(1) : 0, version);
        if (parts.length > levels + 1) {
            return List.of();
        }
        // Conditions on the columns themselves, so that the (run, codes, suffix) index serves them: fewer levels than
        // the run has select the tuples after the prefix and a '-' ('.' is the character that follows '-').
        String tuple = String.join("-", java.util.Arrays.copyOf(parts, Math.min(parts.length, levels)));
        String where;
        Object[] parameters;
        if (parts.length < levels) {
            where = "codes >= ? AND codes < ?";
            parameters = new Object[] {version, tuple + "-", tuple + "."};
        } else if (parts.length == levels) {
            where = "codes = ?";
            parameters = new Object[] {version, tuple};
        } else {
            where = "codes = ? AND suffix = ?";
            parameters = new Object[] {version, tuple, parts[levels]};
        }
        return query("look entities up by their codes", "SELECT entity_id, codes || '-' || suffix FROM code_member "
                + "WHERE run_id = ? AND " + where + " ORDER BY codes, suffix", rows -> {
                    List<CodeMatch> matches = new ArrayList<>();
                    while (rows.next()) {
                        matches.add(new CodeMatch(rows.getLong(1), rows.getString(2)));
                    }
                    return matches;
                }, parameters);
    }

    private long lastInsertId(String doing) {
        return query(doing, "SELECT last_insert_rowid()", rows -> {
            rows.next();
            return rows.getLong(1);
        });
    }

    /** Binds the parameters of row i of a batch insert. */
    private interface RowBinder {
        void bind(PreparedStatement insert, int i) throws SQLException;
    }

    /** One batched insert per row, in ascending {@code keys} order, so a primary-key b-tree only ever grows at its end. */
    private void insertInKeyOrder(String doing, String sql, long[] keys, RowBinder binder) {
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 0; i < keys.length; i++) {
                binder.bind(insert, order[i]);
                insert.addBatch();
                if ((i & 4095) == 4095) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new KnowledgeStoreException(file + ": could not " + doing + ": " + e.getMessage(), e);
        }
    }

    @Override
    public KnowledgeStatistics statistics() {
        List<KnowledgeStatistics.Group> groups = query("count entries", """
                SELECT entity_type, scenario, model_id, count(*), sum(prompt_tokens), sum(completion_tokens)
                FROM entry GROUP BY entity_type, scenario, model_id ORDER BY entity_type, scenario, model_id""", rows -> {
            List<KnowledgeStatistics.Group> found = new ArrayList<>();
            while (rows.next()) {
                found.add(new KnowledgeStatistics.Group(EntityType.parse(rows.getString(1)), rows.getString(2),
                        rows.getString(3), rows.getLong(4), rows.getLong(5), rows.getLong(6)));
            }
            return found;
        });
        List<KnowledgeStatistics.Encoded> encoders = query("count embeddings", """
                SELECT encoder_id, dimension, count(*) FROM embedding GROUP BY encoder_id, dimension ORDER BY encoder_id""",
                rows -> {
                    List<KnowledgeStatistics.Encoded> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(new KnowledgeStatistics.Encoded(rows.getString(1), rows.getInt(2), rows.getLong(3)));
                    }
                    return found;
                });
        return new KnowledgeStatistics(groups, encoders);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private List<StoredEntry> entries(String sql, Object... parameters) {
        return query("read entries", sql, rows -> {
            List<StoredEntry> found = new ArrayList<>();
            while (rows.next()) {
                found.add(readEntry(rows));
            }
            return found;
        }, parameters);
    }

    private static StoredEntry readEntry(ResultSet rows) throws SQLException {
        EntryKey key = new EntryKey(EntityType.parse(rows.getString(2)), rows.getLong(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7));
        return new StoredEntry(rows.getLong(1), new KnowledgeEntry(key, rows.getString(8), rows.getString(9),
                rows.getInt(10), rows.getInt(11), rows.getLong(12), Instant.parse(rows.getString(13))));
    }

    /** Reads a result set into a value; may throw what JDBC throws. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> T query(String doing, String sql, RowReader<T> reader, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rows = statement.executeQuery()) {
            return reader.read(rows);
        } catch (SQLException e) {
            throw failure(doing, e);
        }
    }

    private void update(String doing, String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(doing, e);
        }
    }

    private void execute(String doing, String script) {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(script);
        } catch (SQLException e) {
            throw failure(doing, e);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private KnowledgeStoreException failure(String doing, SQLException e) {
        if (e instanceof SQLiteException sqlite && (sqlite.getResultCode().code & 0xFF) == SQLiteErrorCode.SQLITE_BUSY.code) {
            return new KnowledgeStoreException("store " + file + " is locked by another process (waited "
                    + lockWait.toSeconds() + " s for it to finish writing); try again when that process is done", e);
        }
        return new KnowledgeStoreException(file + ": could not " + doing + ": " + e.getMessage(), e);
    }
}
