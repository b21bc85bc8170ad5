package org.recllm.knowledge.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.data.protocol.TemporalProtocol;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.knowledge.importing.MetadataTexts;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.streaming.StreamWindow;

/** Knowledge vectors line up with the sample store's vocabulary ids, preferring LLM text over metadata fallbacks. */
class KnowledgeVectorsTest {
    @TempDir
    Path dir;

    @Test
    void vectorsFollowVocabularyIdsAndTheTextPreference() {
        try (SampleStore samples = samples(); SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            put(store, EntityType.ITEM, 1, "model-a", new float[] {1, 0});
            put(store, EntityType.ITEM, 1, MetadataTexts.MODEL_ID, new float[] {9, 9});
            put(store, EntityType.ITEM, 2, MetadataTexts.MODEL_ID, new float[] {0, 2});
            put(store, EntityType.ITEM, 3, "model-b", new float[] {3, 3});
            put(store, EntityType.USER, 10, "model-a", new float[] {5, 5});
            var vocabulary = samples.vocabulary("item_id");

            KnowledgeVectors.Assembled any = KnowledgeVectors.forSamples(store, "k.db", samples, "enc", null,
                    List.of(KnowledgeType.ITEM, KnowledgeType.USER));
            KnowledgeInput items = any.inputs().get(0);
            assertEquals(List.of("hist_item"), items.sequenceFields());
            assertArrayEquals(new float[] {1, 0}, row(items, vocabulary.id("1")), "LLM text wins over the metadata fallback");
            assertArrayEquals(new float[] {0, 2}, row(items, vocabulary.id("2")), "metadata where no LLM text exists");
            assertArrayEquals(new float[] {3, 3}, row(items, vocabulary.id("3")));
            assertArrayEquals(new float[] {0, 0}, row(items, vocabulary.id("4")), "no text: a zero vector");
            assertArrayEquals(new float[] {0, 0}, row(items, 1), "the OOV id has no knowledge");
            assertEquals(new KnowledgeVectors.Coverage("item", 4, 2, 1, 1, ""), any.coverage().get(0));
            assertEquals(new KnowledgeVectors.Coverage("user", 2, 1, 0, 1, ""), any.coverage().get(1));

            KnowledgeInput onlyA = KnowledgeVectors.forSamples(store, "k.db", samples, "enc", "model-a",
                    List.of(KnowledgeType.ITEM)).inputs().get(0);
            assertArrayEquals(new float[] {0, 0}, row(onlyA, vocabulary.id("3")), "model-b's text is not model-a's");

            BadInputException none = assertThrows(BadInputException.class, () -> KnowledgeVectors.forSamples(store, "k.db",
                    samples, "other-encoder", null, List.of(KnowledgeType.ITEM)));
            assertTrue(none.getMessage().contains("k.db") && none.getMessage().contains("no item vectors from encoder "
                    + "'other-encoder'") && none.getMessage().contains("encode the store first"), none.getMessage());
        }
    }

    /**
     * Cluster knowledge: each item gets the vector of its cluster's text in the newest clustering (an older
     * clustering's texts are not used); codes: each item its codes in the newest code run, none where it has no codes.
     */
    @Test
    void clusterTextsAndCodesFollowTheNewestRuns() {
        try (SampleStore samples = samples(); SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            var vocabulary = samples.vocabulary("item_id");
            org.recllm.knowledge.store.ClusterRun run = new org.recllm.knowledge.store.ClusterRun(EntityType.ITEM,
                    "cooccurrence", "test", 2, 1.0, null);
            var old = store.putClusters(run, new long[] {1, 2, 3, 4}, new int[] {0, 0, 0, 1});
            put(store, EntityType.ITEM_CLUSTER, old.clusterIds()[0], "model-a", new float[] {7, 7});
            var newest = store.putClusters(run, new long[] {1, 2, 3}, new int[] {1, 0, 1});
            put(store, EntityType.ITEM_CLUSTER, newest.clusterIds()[0], "model-a", new float[] {1, 2});
            put(store, EntityType.ITEM_CLUSTER, newest.clusterIds()[1], MetadataTexts.MODEL_ID, new float[] {3, 4});
            var codeRun = new org.recllm.knowledge.store.CodeRun(EntityType.ITEM, "enc", null, 2, 3, 1, new float[6],
                    new double[2]);
            store.putCodes(codeRun, new long[] {1, 2}, new int[] {0, 0, 0, 1}, new int[] {0, 0});
            store.putCodes(codeRun, new long[] {2, 3}, new int[] {2, 1, 1, 0}, new int[] {0, 0});

            KnowledgeVectors.Assembled assembled = KnowledgeVectors.forSamples(store, "k.db", samples, "enc", null,
                    KnowledgeType.parse(List.of("item-cluster", "codes")).subList(0, 2));
            KnowledgeInput clusters = assembled.inputs().get(0);
            assertEquals("item-cluster", clusters.name());
            assertArrayEquals(new float[] {3, 4}, row(clusters, vocabulary.id("1")));
            assertArrayEquals(new float[] {1, 2}, row(clusters, vocabulary.id("2")));
            assertArrayEquals(new float[] {3, 4}, row(clusters, vocabulary.id("3")));
            assertArrayEquals(new float[] {0, 0}, row(clusters, vocabulary.id("4")), "not in the newest clustering");
            assertEquals(new KnowledgeVectors.Coverage("item-cluster", 4, 1, 2, 1, "clusters v" + newest.version()),
                    assembled.coverage().get(0));
            KnowledgeInput codes = assembled.inputs().get(1);
            assertEquals("item-codes", codes.name());
            assertEquals(3, codes.codebook());
            assertArrayEquals(new float[] {0, 0}, row(codes, vocabulary.id("1")), "not in the newest code run");
            assertArrayEquals(new float[] {1 + 2, 1 + 3 + 1}, row(codes, vocabulary.id("2")));
            assertArrayEquals(new float[] {1 + 1, 1 + 3 + 0}, row(codes, vocabulary.id("3")));
            assertEquals(2, assembled.coverage().get(1).missing());

            BadInputException noUserClusters = assertThrows(BadInputException.class, () -> KnowledgeVectors.forSamples(
                    store, "k.db", samples, "enc", null, List.of(KnowledgeType.USER_CLUSTER)));
            assertTrue(noUserClusters.getMessage().contains("no user clusters"), noUserClusters.getMessage());
        }
    }

    /**
     * Streamed versions: user-stream holds per user its versions by window end (the LLM's over the metadata's in one
     * window), zero before the first; the plain user type never reads a streamed version, even a newer one.
     */
    @Test
    void streamedVersionsAreReadByWindowEndAndNeverAsFixedKnowledge() {
        try (SampleStore samples = samples(); SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            put(store, EntityType.USER, 10, "model-a", new float[] {1, 1});
            StreamWindow first = new StreamWindow("7d", 0, 604_800);
            StreamWindow second = new StreamWindow("7d", 604_800, 1_209_600);
            putIn(store, second, 10, "model-a", new float[] {3, 0});
            putIn(store, first, 10, MetadataTexts.MODEL_ID, new float[] {9, 9});
            putIn(store, first, 10, "model-a", new float[] {2, 0});
            putIn(store, first, 11, MetadataTexts.MODEL_ID, new float[] {0, 4});
            putIn(store, second, 99, "model-a", new float[] {6, 6});
            var users = samples.vocabulary("user_id");
            int u10 = users.id("10");
            int u11 = users.id("11");

            KnowledgeVectors.Assembled assembled = KnowledgeVectors.forSamples(store, "k.db", samples, "enc", null,
                    List.of(KnowledgeType.USER, KnowledgeType.USER_STREAM));
            KnowledgeInput fixed = assembled.inputs().get(0);
            assertArrayEquals(new float[] {1, 1}, row(fixed, u10), "fixed knowledge ignores the newer streamed versions");
            assertArrayEquals(new float[] {0, 0}, row(fixed, u11), "a user with streamed versions only has no fixed knowledge");

            KnowledgeInput stream = assembled.inputs().get(1);
            assertTrue(stream.isVersioned());
            assertEquals(users.size(), stream.keyRows());
            assertEquals(users.size() + 4, stream.rows(), "four versions after the base rows");
            assertArrayEquals(new float[] {0, 0}, row(stream, stream.versions().row(u10, 10, 604_799)),
                    "nothing is known of a user before their first window ends");
            assertArrayEquals(new float[] {2, 0}, row(stream, stream.versions().row(u10, 10, 604_800)),
                    "the LLM's version of the first window, from its end on");
            assertArrayEquals(new float[] {3, 0}, row(stream, stream.versions().row(u10, 10, 1_209_600)));
            assertArrayEquals(new float[] {0, 4}, row(stream, stream.versions().row(u11, 11, Long.MAX_VALUE)));
            assertArrayEquals(new float[] {6, 6}, row(stream, stream.versions().row(1, 99, Long.MAX_VALUE)),
                    "a user outside the vocabulary (OOV id 1) reads its versions by raw id");
            assertEquals(new KnowledgeVectors.Coverage("user-stream", 2, 1, 1, 0,
                    "4 versions of 3 users (1 outside the vocabulary) over 2 windows of 7d; 0.0% of test rows read one"), assembled.coverage().get(1));

            KnowledgeInput onlyB = KnowledgeVectors.forSamples(store, "k.db", samples, "enc", "model-b",
                    List.of(KnowledgeType.USER_STREAM)).inputs().get(0);
            assertArrayEquals(new float[] {9, 9}, row(onlyB, onlyB.versions().row(u10, 10, 604_800)),
                    "with another model named, its window falls back to the metadata version");

            putIn(store, new StreamWindow("1d", 0, 86_400), 11, "model-a", new float[] {1, 2});
            BadInputException mixed = assertThrows(BadInputException.class, () -> KnowledgeVectors.forSamples(store,
                    "k.db", samples, "enc", null, List.of(KnowledgeType.USER_STREAM)));
            assertTrue(mixed.getMessage().contains("several cadences [1d, 7d]"), mixed.getMessage());
        }
    }

    private static void putIn(SqliteKnowledgeStore store, StreamWindow window, long user, String model, float[] vector) {
        String prompt = "update " + user + " " + window.name();
        EntryKey key = EntryKey.of(EntityType.USER, user, "movies", prompt, model, window.name());
        store.upsert(new KnowledgeEntry(key, prompt, "text", 0, 0, 0, Instant.now()));
        store.putEmbedding(store.find(key).orElseThrow().id(), "enc", vector);
    }

    private static float[] row(KnowledgeInput input, int id) {
        return Arrays.copyOfRange(input.vectors(), id * input.dim(), (id + 1) * input.dim());
    }

    private static void put(SqliteKnowledgeStore store, EntityType type, long id, String model, float[] vector) {
        String prompt = "about " + id;
        store.upsert(new KnowledgeEntry(EntryKey.of(type, id, "movies", prompt, model, "all"), prompt, "text " + id, 0, 0, 0,
                Instant.now()));
        long entry = store.find(EntryKey.of(type, id, "movies", prompt, model, "all")).orElseThrow().id();
        store.putEmbedding(entry, "enc", vector);
    }

    /** Users 10 and 11 rate items 1–4 at increasing times; the temporal split keeps every item in training. */
    private SampleStore samples() {
        Map<Integer, Item> items = new HashMap<>();
        for (int i = 1; i <= 4; i++) {
            items.put(i, new Item(i, "Item " + i, 1990, List.of("Drama")));
        }
        Map<Integer, User> users = Map.of(10, User.anonymous(10), 11, User.anonymous(11));
        List<Rating> ratings = new ArrayList<>();
        long time = 1_000;
        for (int round = 0; round < 5; round++) {
            for (int item = 1; item <= 4; item++) {
                ratings.add(new Rating(10, item, 1 + (item + round) % 5, time++));
                ratings.add(new Rating(11, item, 1 + (item * 2 + round) % 5, time++));
            }
        }
        RatingDataset dataset = new RatingDataset("tiny", dir, users, items, ratings, Optional.empty(), List.of(), Map.of());
        SampleStoreWriter.write(dir.resolve("samples"), new SampleEncoder(dataset, MovieLensFeatures.of(dataset, 3))
                .encode(new TemporalProtocol().split(dataset)));
        return SampleStore.open(dir.resolve("samples"));
    }
}
