package org.recllm.knowledge.codes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.cluster.KMeansConfig;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.augment.KnowledgeType;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.SqliteKnowledgeStore;

/** Codes of stored knowledge vectors: the preferred vector per entity, semantic-ID suffixes, and type names. */
class KnowledgeCodesTest {
    @TempDir
    Path dir;

    @Test
    void suffixesCountEarlierRowsWithTheSameTuple() {
        assertArrayEquals(new int[] {0, 0, 1, 0, 2}, KnowledgeCodes.suffixes(new int[] {1, 2, 3, 4, 1, 2, 0, 0, 1, 2}, 2));
    }

    /**
     * Items 1, 2 at (1, ±0.1), items 3, 4 at (-1, ±0.1): level 0 finds the pairs, level 1 the ±0.1 shared by both;
     * item 1's metadata vector (0, 1) is not the one it would be given.
     */
    @Test
    void codesSeparateTheVectorsEachEntityWouldBeGiven() {
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            put(store, 1, "llm", new float[] {1, 0.1f});
            put(store, 1, "metadata", new float[] {0, 1});
            put(store, 2, "llm", new float[] {1, -0.1f});
            put(store, 3, "llm", new float[] {-1, 0.1f});
            put(store, 4, "llm", new float[] {-1, -0.1f});
            KnowledgeCodes.Result result = KnowledgeCodes.fit(store, "k.db", EntityType.ITEM, "enc", null, 2,
                    KMeansConfig.lloyd(2, 1));
            assertArrayEquals(new long[] {1, 2, 3, 4}, result.entityIds());
            int[] codes = result.codes();
            assertEquals(codes[0], codes[2], "items 1 and 2 share their first-level code");
            assertEquals(codes[4], codes[6], "items 3 and 4 share theirs");
            assertTrue(codes[0] != codes[4]);
            assertTrue(codes[1] != codes[3] && codes[5] != codes[7], "the second level tells the pairs apart");
            assertEquals(codes[1], codes[5], "by the same residual codes");
            assertEquals(4, result.distinctTuples());
            assertEquals(1, result.largestGroup());
            assertEquals(4.04, result.energy(), 1e-5);
            assertEquals(0.04, result.run().inertia()[0], 1e-5);
            assertEquals(0, result.run().inertia()[1], 1e-6, "two levels of two codes fit these four points exactly");
            BadInputException tooFew = assertThrows(BadInputException.class, () -> KnowledgeCodes.fit(store, "k.db",
                    EntityType.USER, "enc", null, 1, KMeansConfig.lloyd(2, 1)));
            assertTrue(tooFew.getMessage().contains("has 0 user vectors") && tooFew.getMessage().contains("encode"),
                    tooFew.getMessage());
        }
    }

    @Test
    void knowledgeTypesExpandGroupWordsInOrderWithoutRepeats() {
        assertEquals(List.of(KnowledgeType.ITEM, KnowledgeType.ITEM_CLUSTER, KnowledgeType.USER_CLUSTER,
                KnowledgeType.ITEM_CODES, KnowledgeType.USER_CODES), KnowledgeType.parse(List.of("item", "cluster",
                "item-cluster", "codes")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> KnowledgeType.parse(List.of("x")));
        assertTrue(bad.getMessage().startsWith("expected cluster, codes or one of item, user, item-cluster"), bad.getMessage());
    }

    private static void put(SqliteKnowledgeStore store, long id, String model, float[] vector) {
        EntryKey key = EntryKey.of(EntityType.ITEM, id, "movies", "p", model, "all");
        store.upsert(new KnowledgeEntry(key, "p", "text", 0, 0, 0, Instant.now()));
        store.putEmbedding(store.find(key).orElseThrow().id(), "enc", vector);
    }
}
