package org.recllm.knowledge.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One of the processes of {@link KnowledgeStoreContract#writersInSeveralProcessesNeitherDuplicateNorLoseEntries}:
 * {@code ConcurrentWriter LOCATION WRITER START_MILLIS} waits for the common start, writes, then encodes.
 */
public final class ConcurrentWriter {
    static final int SHARED = 120;
    static final int OWN = 40;
    static final String ENCODER = "enc";
    private static final int BATCH = 25;

    private ConcurrentWriter() {}

    /** Entity {@code id}'s entry as writer {@code writer} writes it: a third of the shared ones get its own answer. */
    static KnowledgeEntry entry(int writer, long id) {
        String prompt = "Describe item " + id + ".";
        String answer = id < SHARED && id % 3 == 0 ? "item " + id + " by writer " + writer : "item " + id;
        return new KnowledgeEntry(EntryKey.of(EntityType.ITEM, id, "movies", prompt, "m", "all"), prompt, answer, 1, 2, 3,
                Instant.parse("2026-11-30T00:00:00Z"));
    }

    public static void main(String[] args) throws InterruptedException {
        StoreLocation location = StoreLocation.parse(args[0]);
        int writer = Integer.parseInt(args[1]);
        long start = Long.parseLong(args[2]);
        List<Long> ids = new ArrayList<>();
        for (long id = 0; id < SHARED; id++) {
            ids.add(id);
        }
        for (int i = 0; i < OWN; i++) {
            ids.add((long) SHARED + (long) writer * OWN + i);
        }
        Collections.shuffle(ids, new Random(writer));
        try (KnowledgeStore store = location.open()) {
            Thread.sleep(Math.max(0, start - System.currentTimeMillis()));
            for (int from = 0; from < ids.size(); from += BATCH) {
                List<Long> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
                store.inTransaction(() -> batch.forEach(id -> store.upsert(entry(writer, id))));
            }
            long after = 0;
            List<StoredEntry> pending;
            while (!(pending = store.withoutEmbedding(ENCODER, after, BATCH)).isEmpty()) {
                List<StoredEntry> encoding = pending;
                store.inTransaction(() -> encoding.forEach(e -> store.putEmbedding(e.id(), ENCODER,
                        new float[] {e.entry().answer().length(), writer})));
                after = pending.getLast().id();
            }
        }
    }
}
