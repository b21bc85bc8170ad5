package org.recllm.knowledge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.Float32Bytes;

/**
 * The knowledge store's queries over one JDBC connection, in the SQL that SQLite and PostgreSQL share ({@code ON
 * CONFLICT}, {@code RETURNING}); each subclass opens its database, creates or checks its schema and names its errors.
 * Writes that race with another process's (the same key inserted twice) resolve to one row, never to a failure.
 */
public abstract sealed class JdbcKnowledgeStore implements KnowledgeStore permits SqliteKnowledgeStore, PostgresKnowledgeStore {
    /** How often a transaction the database aborted for a conflict with another writer (a deadlock) is tried in all. */
    private static final int CONFLICT_ATTEMPTS = 10;

    private static final String ENTRY_COLUMNS = "e.id, e.entity_type, e.entity_id, e.scenario, e.prompt_hash, e.model_id, "
            + "e.time_window, e.prompt, e.answer, e.prompt_tokens, e.completion_tokens, e.latency_ms, e.created_at";

    private static final String KEY_MATCH = "e.entity_type = ? AND e.entity_id = ? AND e.scenario = ? AND e.prompt_hash = ? "
            + "AND e.model_id = ? AND e.time_window = ?";

    /** An entry {@code e} that the encoder bound to the condition's parameter has no vector for. */
    private static final String UNENCODED =
            "NOT EXISTS (SELECT 1 FROM embedding m WHERE m.encoder_id = ? AND m.entry_id = e.id)";

    /** The store as messages name it: its file, or its URL without a password. */
    final String name;
    final Connection connection;
    /** The dimension of each encoder's vectors, as far as this instance has seen; cleared on rollback. */
    private final Map<String, Integer> dimensions = new HashMap<>();
    private boolean inTransaction;

    JdbcKnowledgeStore(String name, Connection connection) {
        this.name = name;
        this.connection = connection;
    }

    /** The query that lists the store's tables by name, in name order. */
    abstract String tableListing();

    /** The tables where the store lives (none: a new store). */
    final List<String> tableNames() {
        return query("list the tables", tableListing(), rows -> {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        });
    }

    /** The stored schema version; a newer one than this code reads is refused, never guessed at. */
    final int schemaVersion(int readable) {
        int version = query("read the schema version", "SELECT max(version) FROM schema_version",
                rows -> rows.next() ? rows.getInt(1) : 0);
        if (version > readable) {
            throw new BadInputException(name, 0, null, "the store has schema version " + version + ", newer than the "
                    + "version " + readable + " this RecLLM reads; open it with a newer RecLLM");
        }
        return version;
    }

    /** What a read that is followed by an update of the same row appends to hold the row until commit. */
    abstract String lockingRead();

    /** Whether the database aborted a transaction for a conflict with another one, so that running it again may succeed. */
    abstract boolean isConflict(SQLException e);

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (inTransaction) {
            return work.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction(work);
            } catch (KnowledgeStoreException e) {
                if (attempt == CONFLICT_ATTEMPTS || !(e.getCause() instanceof SQLException sql) || !isConflict(sql)) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /** A random pause growing with the attempt, so that the writers that deadlocked do not meet again at once. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KnowledgeStoreException("interrupted while waiting to run a transaction again", e);
        }
    }

    private <T> T transaction(Supplier<T> work) {
        boolean committed = false;
        try {
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                throw failure("start a transaction", e);
            }
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
            // The failure that led here is the one to report; the database rolls back an unfinished transaction on close too.
        }
    }

    /**
     * Inserts unless another writer holds the key (ON CONFLICT DO NOTHING never fails on a concurrent insert of the same
     * key); otherwise reads the row locked for the rest of the transaction and updates it when the content differs.
     */
    @Override
    public Upsert upsert(KnowledgeEntry entry) {
        return inTransaction(() -> {
            Optional<StoredEntry> existing = findForUpdate(entry.key());
            if (existing.isEmpty()) {
                if (insert(entry)) {
                    return Upsert.INSERTED;
                }
                existing = findForUpdate(entry.key());
            }
            StoredEntry stored = existing.orElseThrow(() -> new KnowledgeStoreException(name
                    + ": an entry neither inserted nor found: " + entry.key(), null));
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

    private Optional<StoredEntry> findForUpdate(EntryKey key) {
        return entries("SELECT " + ENTRY_COLUMNS + " FROM entry e WHERE " + KEY_MATCH + lockingRead(),
                key.entityType().label(), key.entityId(), key.scenario(), key.promptHash(), key.modelId(), key.timeWindow())
                .stream().findFirst();
    }

    /** Whether the entry was inserted (false: another writer stored its key first). */
    private boolean insert(KnowledgeEntry entry) {
        EntryKey key = entry.key();
        return 1 == update("insert an entry", """
                INSERT INTO entry (entity_type, entity_id, scenario, prompt_hash, model_id, time_window, prompt, answer,
                                   prompt_tokens, completion_tokens, latency_ms, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (entity_type, entity_id, scenario, prompt_hash, model_id, time_window) DO NOTHING""",
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
        return entries("SELECT " + ENTRY_COLUMNS + " FROM entry e WHERE e.id > ? AND " + UNENCODED
                + " ORDER BY e.id LIMIT ?", afterId, encoderId, limit);
    }

    @Override
    public long countWithoutEmbedding(String encoderId) {
        return query("count unencoded entries", "SELECT count(*) FROM entry e WHERE " + UNENCODED,
                rows -> rows.next() ? rows.getLong(1) : 0L, encoderId);
    }

    @Override
    public long[] idsWithoutEmbedding(String encoderId) {
        return query("list unencoded entries", "SELECT e.id FROM entry e WHERE " + UNENCODED + " ORDER BY e.id", rows -> {
                    long[] ids = new long[1024];
                    int count = 0;
                    while (rows.next()) {
                        if (count == ids.length) {
                            ids = Arrays.copyOf(ids, 2 * count);
                        }
                        ids[count++] = rows.getLong(1);
                    }
                    return Arrays.copyOf(ids, count);
                }, encoderId);
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
                    + " in " + name + ", not " + vector.length);
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
            long version = insertReturningId("store a clustering", "INSERT INTO cluster_run (entity_type, method, source, k, "
                    + "inertia, silhouette, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", run.type().label(),
                    run.method(), run.source(), run.k(), run.inertia(), run.silhouette(), created);
            int[] sizes = new int[run.k()];
            for (int cluster : clusters) {
                sizes[cluster]++;
            }
            long[] clusterIndexes = new long[run.k()];
            Arrays.setAll(clusterIndexes, c -> c);
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
                                ids = Arrays.copyOf(ids, 2 * count);
                                clusters = Arrays.copyOf(clusters, 2 * count);
                            }
                            ids[count] = rows.getLong(1);
                            clusters[count++] = rows.getInt(2);
                        }
                        return new StoredClusters(run.version(), run.run(), run.createdAt(),
                                Arrays.copyOf(ids, count), Arrays.copyOf(clusters, count), clusterIds);
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
            long version = insertReturningId("store a code run", "INSERT INTO code_run (entity_type, encoder_id, model_id, "
                    + "levels, k, dimension, codebooks, inertia, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    run.type().label(), run.encoderId(), run.modelId(), run.levels(), run.k(), run.dimension(),
                    Float32Bytes.toBytes(run.codebooks()), inertia.toString(), created);
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
                                rows.getInt(4) * rows.getInt(5) * rows.getInt(6)), Arrays.stream(rows.getString(8).split(","))
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
                            ids = Arrays.copyOf(ids, 2 * count);
                            codes = Arrays.copyOf(codes, 2 * count * levels);
                            suffixes = Arrays.copyOf(suffixes, 2 * count);
                        }
                        ids[count] = rows.getLong(1);
                        String[] parts = rows.getString(2).split("-");
                        for (int level = 0; level < levels; level++) {
                            codes[count * levels + level] = Integer.parseInt(parts[level]);
                        }
                        suffixes[count++] = rows.getInt(3);
                    }
                    return new StoredCodes(run.version(), run.run(), run.createdAt(), Arrays.copyOf(ids, count),
                            Arrays.copyOf(codes, count * levels), Arrays.copyOf(suffixes, count));
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
        String tuple = String.join("-", Arrays.copyOf(parts, Math.min(parts.length, levels)));
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
            parameters = new Object[] {version, tuple, Integer.parseInt(parts[levels])};
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

    private long insertReturningId(String doing, String sql, Object... parameters) {
        return query(doing, sql, rows -> {
            rows.next();
            return rows.getLong(1);
        }, parameters);
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
        Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
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
            throw failure(doing, e);
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
    interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    final <T> T query(String doing, String sql, RowReader<T> reader, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rows = statement.executeQuery()) {
            return reader.read(rows);
        } catch (SQLException e) {
            throw failure(doing, e);
        }
    }

    /** Runs one statement; returns how many rows it changed. */
    final int update(String doing, String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(doing, e);
        }
    }

    final void execute(String doing, String script) {
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

    /** The error to throw for a failed statement: names the store and what was being done. */
    KnowledgeStoreException failure(String doing, SQLException e) {
        return new KnowledgeStoreException(name + ": could not " + doing + ": " + e.getMessage(), e);
    }
}
