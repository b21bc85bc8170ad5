package org.recllm.spark.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.progress.Progress;
import org.recllm.knowledge.encoder.EncodingJob;
import org.recllm.knowledge.encoder.SentenceEncoder;
import org.recllm.knowledge.encoder.SentenceEncoders;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.testing.TestPostgres;
import org.recllm.spark.LocalSpark;

/** Encoding in shares on executors gives every entry the vector {@code knowledge encode} gives it, once. */
class DistributedEncodingTest extends LocalSpark {

    private static void fill(KnowledgeStore store) {
        for (int item = 1; item <= 30; item++) {
            String prompt = "Describe movie " + item + ".";
            store.upsert(new KnowledgeEntry(EntryKey.of(EntityType.ITEM, item, "movies", prompt, "m", "all"), prompt,
                    "Movie " + item + " is a " + (item % 2 == 0 ? "comedy about friends" : "thriller set at sea")
                            + " from " + (1950 + item) + ".", 1, 1, 1, Instant.parse("2026-11-30T00:00:00Z")));
        }
    }

    @Test
    void sharesOnExecutorsGiveTheLocalVectors(@TempDir Path dir) throws Exception {
        StoreLocation shared = TestPostgres.freshSchema();
        StoreLocation file = StoreLocation.of(dir.resolve("k.db"));
        try (KnowledgeStore a = shared.open(); KnowledgeStore b = file.open()) {
            fill(a);
            fill(b);
        }
        try {
            assertEquals(30, new DistributedEncoding(context(), 4).run(shared, SentenceEncoders.MINILM, 4));
            assertEquals(0, new DistributedEncoding(context(), 4).run(shared, SentenceEncoders.MINILM, 4), "nothing left");
            try (KnowledgeStore local = file.open(); SentenceEncoder encoder = SentenceEncoders.open(SentenceEncoders.MINILM);
                 Progress progress = Progress.toLog("encode", "entries", 30, QUIET)) {
                EncodingJob.encodePending(local, encoder, 8, progress);
            }
            String id = SentenceEncoders.idOf(SentenceEncoders.MINILM);
            try (KnowledgeStore distributed = shared.openExisting(); KnowledgeStore local = file.openExisting()) {
                for (int item = 1; item <= 30; item++) {
                    long sharedId = distributed.entriesAbout(EntityType.ITEM, item).getFirst().id();
                    long localId = local.entriesAbout(EntityType.ITEM, item).getFirst().id();
                    assertArrayEquals(local.embedding(localId, id).orElseThrow(), distributed.embedding(sharedId, id).orElseThrow(),
                            1e-5f, "item " + item);
                    assertEquals(List.of(id), distributed.encodersOf(sharedId));
                }
            }
        } finally {
            TestPostgres.drop(shared);
        }
    }

    @Test
    void sharesCoverEveryIdOnceInOrder() {
        long[] ids = {3, 4, 9, 10, 11, 40, 41};
        assertEquals(List.of(new DistributedEncoding.Share(0, 4), new DistributedEncoding.Share(4, 10),
                new DistributedEncoding.Share(10, 41)), DistributedEncoding.shares(ids, 3));
        assertEquals(List.of(new DistributedEncoding.Share(0, 3)), DistributedEncoding.shares(new long[] {3}, 8));
    }
}
