package org.recllm.knowledge.encoder;

import java.util.List;
import org.recllm.core.progress.Progress;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;

/**
 * Encodes every entry of a store that an encoder has not encoded yet, a batch at a time, committing each batch: a run
 * that is stopped part-way keeps what it finished, and the next run picks up the rest.
 */
public final class EncodingJob {
    private EncodingJob() {}

    /** Encodes what is pending for {@code encoder}, advancing {@code progress} by entries. */
    public static EncodingReport encodePending(KnowledgeStore store, SentenceEncoder encoder, int batchSize,
                                               Progress progress) {
        return encodePending(store, encoder, batchSize, 0, Long.MAX_VALUE, progress);
    }

    /**
     * Encodes what is pending for {@code encoder} among the entries with an id above {@code afterId} and at most
     * {@code lastId}: one share of the store, when several processes encode it at once.
     */
    public static EncodingReport encodePending(KnowledgeStore store, SentenceEncoder encoder, int batchSize, long afterId,
                                               long lastId, Progress progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        long started = System.nanoTime();
        long encoded = 0;
        long truncated = 0;
        // A cursor past the last batch keeps each query from rescanning entries this run already encoded.
        long after = afterId;
        while (true) {
            List<StoredEntry> batch = inShare(store.withoutEmbedding(encoder.id(), after, batchSize), lastId);
            if (batch.isEmpty()) {
                break;
            }
            EncodedBatch result = encoder.encode(batch.stream().map(stored -> stored.entry().answer()).toList());
            if (result.vectors().length != batch.size()) {
                throw new IllegalStateException("encoder " + encoder.id() + " returned " + result.vectors().length
                        + " vectors for " + batch.size() + " texts");
            }
            store.inTransaction(() -> {
                for (int i = 0; i < batch.size(); i++) {
                    store.putEmbedding(batch.get(i).id(), encoder.id(), result.vectors()[i]);
                }
            });
            after = batch.getLast().id();
            encoded += batch.size();
            truncated += result.truncated();
            progress.advance(batch.size());
            progress.status(truncated + " cut to the token limit");
        }
        return new EncodingReport(encoder.id(), encoded, truncated, (System.nanoTime() - started) / 1e9);
    }

    /** The entries of {@code batch} (in id order) with an id of at most {@code lastId}. */
    private static List<StoredEntry> inShare(List<StoredEntry> batch, long lastId) {
        int end = 0;
        while (end < batch.size() && batch.get(end).id() <= lastId) {
            end++;
        }
        return batch.subList(0, end);
    }
}
