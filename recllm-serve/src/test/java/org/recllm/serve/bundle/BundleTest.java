package org.recllm.serve.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;
import org.recllm.serve.testing.ServingFixtures;

class BundleTest {

    @Test
    void aBundleHoldsTheModelItsKnowledgeAndItsRun(@TempDir Path dir) {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            ServingFixtures.Trained trained = ServingFixtures.train(store, "din", true, 3);
            BundleManifest written = BundleWriter.write(dir.resolve("bundle"), store, trained.bundle());
            ModelBundle bundle = ModelBundle.load(dir.resolve("bundle"));
            assertEquals(written.modelVersion(), bundle.version());
            assertTrue(bundle.version().matches("din-[0-9a-f]{12}"), bundle.version());
            assertEquals(store.contentId(), bundle.manifest().samplesId());
            assertEquals(3, bundle.manifest().seed());
            assertEquals(trained.result().testAuc(), bundle.manifest().trainReport().get("seeds").get(0).get("test_auc").asDouble(), 1e-12);
            assertEquals(List.of("item", "user"), bundle.layout().knowledge().stream().map(k -> k.name()).toList());
            assertArrayEquals(trained.inputs().layout().knowledge().get(0).vectors(), bundle.layout().knowledge().get(0).vectors());
            assertArrayEquals(trained.model().parameters().dense().values().iterator().next().data(),
                    bundle.model().parameters().dense().values().iterator().next().data());
            assertEquals(store.vocabulary("item_id").values(), bundle.vocabulary("item_id").values());
        }
    }

    @Test
    void tablesHoldEachUsersAttributesAndLatestHistory(@TempDir Path dir) {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            EntityTables tables = EntityTables.of(store);
            SplitView test = store.split(Split.TEST);
            int row = 0;
            int user = test.ints("user_id").get(row);
            int length = 5;
            // The user's five latest ratings in any split, oldest first, found independently of the tables.
            List<long[]> events = new ArrayList<>();
            for (Split split : Split.values()) {
                SplitView view = store.split(split);
                for (int r = 0; r < view.rows(); r++) {
                    if (view.ints("user_id").get(r) == user) {
                        events.add(new long[] {view.longs(Columns.TIMESTAMP).get(r), view.ints("item_id").get(r)});
                    }
                }
            }
            events.sort(Comparator.comparingLong(e -> e[0]));
            int[] expected = events.subList(events.size() - length, events.size()).stream().mapToInt(e -> (int) e[1]).toArray();
            int[] actual = new int[length];
            System.arraycopy(tables.histories().get("hist_item"), user * length, actual, 0, length);
            assertArrayEquals(expected, actual);
            assertEquals(length, tables.historyLengths().get("history")[user]);
            assertEquals(test.ints("gender").get(row), tables.userAttributes().get("gender")[user]);
            int item = test.ints("item_id").get(row);
            int width = test.ints("genres").width();
            int[] genres = new int[width];
            test.ints("genres").copyRow(row, genres, 0);
            int[] tableGenres = new int[width];
            System.arraycopy(tables.itemAttributes().get("genres"), item * width, tableGenres, 0, width);
            assertArrayEquals(genres, tableGenres);
            assertEquals(genres[0], tables.firstItemValue("genres", item));
        }
    }

    @Test
    void rewritingReplacesTheVersionAndRefusesForeignFolders(@TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            Path bundle = dir.resolve("bundle");
            String first = BundleWriter.write(bundle, store, ServingFixtures.train(store, "fm", false, 1).bundle()).modelVersion();
            String second = BundleWriter.write(bundle, store, ServingFixtures.train(store, "fm", false, 2).bundle()).modelVersion();
            assertFalse(Files.exists(bundle.resolve(first)), "the earlier version is removed");
            assertEquals(second, ModelBundle.currentVersion(bundle));

            Path weights = bundle.resolve(second).resolve(ModelBundle.WEIGHTS);
            byte[] bytes = Files.readAllBytes(weights);
            bytes[bytes.length / 2] ^= 1;
            Files.write(weights, bytes);
            BadInputException damaged = assertThrows(BadInputException.class, () -> ModelBundle.load(bundle));
            assertTrue(damaged.getMessage().contains(weights.toString()) && damaged.getMessage().contains("SHA-256"),
                    damaged.getMessage());

            Path foreign = dir.resolve("mine");
            Files.createDirectories(foreign);
            Files.writeString(foreign.resolve("notes.txt"), "keep me");
            BadInputException refused = assertThrows(BadInputException.class,
                    () -> BundleWriter.write(foreign, store, ServingFixtures.train(store, "fm", false, 1).bundle()));
            assertTrue(refused.getMessage().contains("not a model bundle"), refused.getMessage());
            assertEquals("keep me", Files.readString(foreign.resolve("notes.txt")));
        }
    }
}
