package org.recllm.knowledge.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.data.protocol.TemporalProtocol;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.knowledge.store.EntityType;

/** The co-occurrence projection puts users with the same items together and users with disjoint items apart. */
class CollaborativeVectorsTest {

    @Test
    void usersWithTheSameItemsGetCloseVectorsAndDisjointOnesDoNot(@TempDir Path dir) {
        // Users 1 and 2 rate items 1..20; users 3 and 4 rate items 21..40.
        Map<Integer, Item> items = new HashMap<>();
        for (int i = 1; i <= 40; i++) {
            items.put(i, new Item(i, "Film " + i, 1990, List.of("Drama")));
        }
        Map<Integer, User> users = new HashMap<>();
        List<Rating> ratings = new ArrayList<>();
        long time = 1;
        for (int user = 1; user <= 4; user++) {
            users.put(user, User.anonymous(user));
            int first = user <= 2 ? 1 : 21;
            for (int item = first; item < first + 20; item++) {
                ratings.add(new Rating(user, item, 4, time++));
            }
        }
        RatingDataset dataset = new RatingDataset("tiny", dir, users, items, ratings, Optional.empty(), List.of(), Map.of());
        SampleStoreWriter.write(dir.resolve("samples"), new SampleEncoder(dataset, MovieLensFeatures.of(dataset, 4))
                .encode(new TemporalProtocol().split(dataset)));
        try (SampleStore store = SampleStore.open(dir.resolve("samples"))) {
            EntityVectors vectors = CollaborativeVectors.fromInteractions(store, EntityType.USER, 64, 7);
            assertEquals(4, vectors.ids().length);
            Map<Long, float[]> byUser = new HashMap<>();
            for (int i = 0; i < 4; i++) {
                byUser.put(vectors.ids()[i], java.util.Arrays.copyOfRange(vectors.values(), i * 64, (i + 1) * 64));
            }
            // The temporal split keeps the earliest ratings for training: users 1 and 2 share their training items.
            assertTrue(cosine(byUser.get(1L), byUser.get(2L)) > 0.6, "same items: " + cosine(byUser.get(1L), byUser.get(2L)));
            assertTrue(Math.abs(cosine(byUser.get(1L), byUser.get(3L))) < 0.5, "disjoint: " + cosine(byUser.get(1L), byUser.get(3L)));
            // User 4's few training ratings (items 21..24) are all among user 3's 20: expected cosine 4 / √(20 · 4) ≈ 0.45.
            double partial = cosine(byUser.get(3L), byUser.get(4L));
            assertTrue(partial > 0.25 && partial < 0.65, "a quarter shared: " + partial);
            assertArrayEquals(vectors.values(), CollaborativeVectors.fromInteractions(store, EntityType.USER, 64, 7).values(),
                    "a seed gives one projection");

            // Sums over parts of the rows, added in any order, are the sums over all rows (what executors rely on).
            int rows = store.split(org.recllm.data.protocol.Split.TRAIN).rows();
            CollaborativeVectors.SignatureSums whole = CollaborativeVectors.signatureSums(store, EntityType.USER, 64, 7, 0, rows);
            CollaborativeVectors.SignatureSums late = CollaborativeVectors.signatureSums(store, EntityType.USER, 64, 7, 25, rows);
            CollaborativeVectors.SignatureSums early = CollaborativeVectors.signatureSums(store, EntityType.USER, 64, 7, 0, 25);
            assertEquals(4, whole.owners().length);
            float[] added = new float[whole.sums().length];
            for (CollaborativeVectors.SignatureSums part : List.of(late, early)) {
                for (int i = 0; i < part.owners().length; i++) {
                    int at = java.util.Arrays.binarySearch(whole.owners(), part.owners()[i]);
                    for (int d = 0; d < 64; d++) {
                        added[at * 64 + d] += part.sums()[i * 64 + d];
                    }
                }
            }
            assertArrayEquals(whole.sums(), added);
            assertTrue(early.owners().length < 4, "a part holds only the entities its rows name");
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
