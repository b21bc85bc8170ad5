package org.recllm.knowledge.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * LLM knowledge about users and items and its sentence embeddings. Entries are unique by {@link EntryKey}; embeddings
 * by (entry, encoder id). Every write outside {@link #inTransaction} is its own transaction; writes inside one land
 * together or not at all. An instance is used by one thread at a time.
 */
public interface KnowledgeStore extends AutoCloseable {

    /**
     * Runs {@code work} in one transaction (joining the current one when nested): commits on return, rolls back on a
     * throw. A shared store may run {@code work} again when the server aborts it for a conflict with another writer, so
     * it must do nothing but store calls and compute its result from them.
     */
    <T> T inTransaction(Supplier<T> work);

    default void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /** Inserts the entry, or updates the one with its key when the content differs; idempotent. */
    Upsert upsert(KnowledgeEntry entry);

    Optional<StoredEntry> find(EntryKey key);

    /** Every entry about one entity, in store order. */
    List<StoredEntry> entriesAbout(EntityType type, long entityId);

    /** Up to {@code limit} entries with an id above {@code afterId}, by id: a page through the whole store. */
    List<StoredEntry> entries(long afterId, int limit);

    /** Up to {@code limit} entries with an id above {@code afterId} that {@code encoderId} has not encoded, by id. */
    List<StoredEntry> withoutEmbedding(String encoderId, long afterId, int limit);

    long countWithoutEmbedding(String encoderId);

    /** The ids of the entries {@code encoderId} has not encoded, ascending: how to split encoding into shares. */
    long[] idsWithoutEmbedding(String encoderId);

    /** Stores (or replaces) an entry's vector; all vectors of one encoder must have one dimension. */
    void putEmbedding(long entryId, String encoderId, float[] vector);

    Optional<float[]> embedding(long entryId, String encoderId);

    /** Every entry about entities of {@code type} that {@code encoderId} has a vector for, with it: one query. */
    List<EncodedEntry> encoded(EntityType type, String encoderId);

    /** The encoders that have a vector for the entry, by name. */
    List<String> encodersOf(long entryId);

    KnowledgeStatistics statistics();

    /**
     * Stores each entity's cluster ({@code entityIds[i]} in {@code clusters[i]}) as a new version of {@code run.type()}'s
     * clustering, in one transaction; returns it as stored.
     */
    StoredClusters putClusters(ClusterRun run, long[] entityIds, int[] clusters);

    /** The newest clustering of users or of items, if any. */
    Optional<StoredClusters> latestClusters(EntityType type);

    /**
     * Stores each entity's codes ({@code codes[i * levels + level]} for {@code entityIds[i]}) and suffix as a new
     * version of {@code run.type()}'s codes, in one transaction; returns it as stored.
     */
    StoredCodes putCodes(CodeRun run, long[] entityIds, int[] codes, int[] suffixes);

    /** The newest code run of users or of items, if any. */
    Optional<StoredCodes> latestCodes(EntityType type);

    /**
     * The entities of code run {@code version} whose semantic ID starts with {@code prefix} (whole levels, e.g.
     * {@code 12} or {@code 12-3} or a full ID {@code 12-3-40-0}), by semantic ID: the lookup from codes back to entities.
     */
    List<CodeMatch> entitiesWithCodes(long version, String prefix);

    /** An entity found by its codes. */
    record CodeMatch(long entityId, String semanticId) {}

    @Override
    void close();
}
