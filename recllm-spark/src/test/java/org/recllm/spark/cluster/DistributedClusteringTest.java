package org.recllm.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.cluster.KMeansConfig;
import org.recllm.core.io.BadInputException;
import org.recllm.core.testing.SharedData;
import org.recllm.data.dataset.Datasets;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.protocol.Split;
import org.recllm.data.protocol.TemporalProtocol;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.knowledge.cluster.CollaborativeVectors;
import org.recllm.knowledge.cluster.EntityClustering;
import org.recllm.knowledge.cluster.EntityVectors;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.store.StoredClusters;
import org.recllm.spark.LocalSpark;

/**
 * {@code spark cluster} on ML100K-U1: the vectors summed on executors are the local command's bit for bit, MLlib's
 * k-means reaches the local k-means's inertia, every user with training ratings gets one cluster, and the stored
 * version reads back.
 */
class DistributedClusteringTest extends LocalSpark {
    @TempDir
    static Path dir;

    private static Path samples;

    @BeforeAll
    static void prepareSamples() {
        RatingDataset dataset = Datasets.read("ml-100k", SharedData.ml100k());
        samples = dir.resolve("u1");
        SampleStoreWriter.write(samples, new SampleEncoder(dataset, MovieLensFeatures.of(dataset, 5))
                .encode(new Ml100kU1Protocol().split(dataset)));
    }

    private static DistributedClustering clustering() {
        return new DistributedClustering(session, 3, QUIET);
    }

    @Test
    void theVectorsAreTheLocalCommandsBitForBit() {
        for (EntityType type : List.of(EntityType.USER, EntityType.ITEM)) {
            DistributedClustering.Settings settings = new DistributedClustering.Settings(type, 32, 8, 20, 5, 0);
            try (SampleStore store = SampleStore.openVerified(samples)) {
                EntityVectors local = CollaborativeVectors.fromInteractions(store, type, 32, 5);
                Map<Integer, float[]> distributed = new TreeMap<>(clustering()
                        .vectors(samples, store.split(Split.TRAIN).rows(), settings).collectAsMap());
                assertEquals(local.ids().length, distributed.size(), type.label());
                var entityIds = CollaborativeVectors.entityIds(store.schema(), store::vocabulary, type);
                int i = 0;
                for (Map.Entry<Integer, float[]> vector : distributed.entrySet()) {
                    assertEquals(local.ids()[i], entityIds.applyAsLong(vector.getKey()));
                    assertArrayEquals(Arrays.copyOfRange(local.values(), i * 32, (i + 1) * 32), vector.getValue(),
                            type.label() + " " + local.ids()[i]);
                    i++;
                }
            }
        }
    }

    @Test
    void mllibKMeansReachesTheLocalInertiaAndTheStoreKeepsTheVersion() {
        DistributedClustering.Settings settings = new DistributedClustering.Settings(EntityType.USER, 64, 20, 30, 1, 500);
        DistributedClustering.Result result = clustering().cluster(samples, settings);
        assertEquals(943, result.ids().length, "every user has training ratings in ML100K-U1");
        assertEquals(943, Arrays.stream(result.sizes()).sum());
        assertEquals(20, result.run().k());
        assertTrue(Arrays.stream(result.assignments()).allMatch(c -> c >= 0 && c < 20));
        long[] sorted = result.ids().clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, result.ids(), "entities in ascending id");

        double localInertia;
        try (SampleStore store = SampleStore.openVerified(samples)) {
            EntityVectors vectors = CollaborativeVectors.fromInteractions(store, EntityType.USER, 64, 1);
            localInertia = EntityClustering.run(vectors, KMeansConfig.lloyd(20, 1), 0).run().inertia();
            assertEquals(CollaborativeVectors.source(store), result.run().source());
        }
        assertTrue(result.run().inertia() < 1.05 * localInertia && result.run().inertia() > 0.8 * localInertia,
                "MLlib " + result.run().inertia() + " against local Lloyd " + localInertia);
        assertTrue(result.run().silhouette() > -0.2 && result.run().silhouette() < 1, "silhouette " + result.run().silhouette());

        try (KnowledgeStore store = StoreLocation.of(dir.resolve("knowledge.db")).open()) {
            StoredClusters stored = store.putClusters(result.run(), result.ids(), result.assignments());
            StoredClusters read = store.latestClusters(EntityType.USER).orElseThrow();
            assertEquals(stored.version(), read.version());
            assertArrayEquals(result.ids(), read.entityIds());
            assertArrayEquals(result.assignments(), read.clusters());
            assertEquals("cooccurrence", read.run().method());
        }
    }

    @Test
    void fewerDistinctVectorsThanClustersGiveFewerClustersWithSizesToMatch() {
        // Items 1..6 are rated by users 1..4 alike, items 7..12 by users 5..8.
        Map<Integer, Item> items = new HashMap<>();
        Map<Integer, User> users = new HashMap<>();
        List<Rating> ratings = new ArrayList<>();
        long time = 1;
        for (int user = 1; user <= 8; user++) {
            users.put(user, User.anonymous(user));
            for (int item = user <= 4 ? 1 : 7; item <= (user <= 4 ? 6 : 12); item++) {
                items.putIfAbsent(item, new Item(item, "Film " + item, 1990, List.of("Drama")));
                ratings.add(new Rating(user, item, 4, time++));
            }
        }
        RatingDataset tiny = new RatingDataset("tiny", dir, users, items, ratings, Optional.empty(), List.of(), Map.of());
        Path store = dir.resolve("tiny");
        // The temporal split trains on the first 38 of the 48 ratings: users 1..6 whole and user 7's first two, so
        // items 1..6 share one audience, items 7 and 8 another (users 5, 6, 7), items 9..12 a third (users 5, 6).
        SampleStoreWriter.write(store, new SampleEncoder(tiny, MovieLensFeatures.of(tiny, 2))
                .encode(new TemporalProtocol().split(tiny)));
        DistributedClustering.Result result = clustering().cluster(store,
                new DistributedClustering.Settings(EntityType.ITEM, 16, 5, 10, 1, 0));
        assertEquals(12, result.ids().length);
        assertEquals(3, result.run().k(), "three distinct vectors, three centres of the five asked for");
        assertEquals(3, result.sizes().length);
        assertArrayEquals(new long[] {2, 4, 6}, Arrays.stream(result.sizes()).sorted().toArray());
        int[] a = result.assignments();
        assertTrue(a[0] == a[5] && a[6] == a[7] && a[8] == a[11] && a[0] != a[6] && a[6] != a[8] && a[0] != a[8]);
        assertEquals(0, result.run().inertia(), 1e-9);
    }

    @Test
    void moreClustersThanEntitiesIsRefused() {
        var error = assertThrows(BadInputException.class, () -> clustering().cluster(samples,
                new DistributedClustering.Settings(EntityType.USER, 16, 1000, 5, 1, 0)));
        assertEquals("--k: only 943 users have training interactions; k must not exceed that", error.getMessage());
        assertThrows(BadInputException.class, () -> new DistributedClustering.Settings(EntityType.USER, 0, 10, 5, 1, 0));
    }
}
