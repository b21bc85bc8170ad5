package org.recllm.ctr.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.ctr.testing.SyntheticStores;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.store.Columns;
import org.recllm.data.store.LongColumnView;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;

/** Knowledge that changes over time: each sample reads the newest version available at its own time, never a later one. */
class KnowledgeVersionsTest {

    @Test
    void anEntityReadsItsNewestVersionAvailableAtTheTime() {
        // Raw id 7 has versions from 100 and 200 (rows 3 and 4), raw id 9 one from 150 (row 5); 3 base rows.
        KnowledgeVersions versions = new KnowledgeVersions(3, "meta_user", new long[] {7, 9}, new int[] {0, 2, 3},
                new long[] {100, 200, 150}, new int[] {3, 4, 5});
        assertEquals(2, versions.row(2, 7, 99), "before its first version an entity reads its base row");
        assertEquals(3, versions.row(2, 7, 100), "a version made from a window that ended at 100 holds from 100 on");
        assertEquals(3, versions.row(2, 7, 199));
        assertEquals(4, versions.row(2, 7, 200));
        assertEquals(4, versions.row(2, 7, KnowledgeVersions.NOW), "a request served now reads the newest");
        assertEquals(1, versions.row(1, 9, 149));
        assertEquals(5, versions.row(1, 9, 150), "an entity outside the vocabulary (OOV base row 1) reads its versions");
        assertEquals(2, versions.row(2, 8, KnowledgeVersions.NOW), "an entity without versions reads its base row");
        assertEquals(2, versions.row(2, KnowledgeVersions.UNKNOWN_KEY, KnowledgeVersions.NOW));
    }

    @Test
    void malformedIndexesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KnowledgeVersions(1, "meta_user", new long[] {4},
                new int[] {0, 2}, new long[] {200, 100}, new int[] {1, 2}), "times must ascend per entity");
        assertThrows(IllegalArgumentException.class, () -> new KnowledgeVersions(2, "meta_user", new long[] {4},
                new int[] {0, 1}, new long[] {100}, new int[] {1}), "a version must not point at a base row");
        assertThrows(IllegalArgumentException.class, () -> new KnowledgeVersions(1, "meta_user", new long[] {4},
                new int[] {0, 2}, new long[] {100}, new int[] {1}), "offsets must cover the versions");
        assertThrows(IllegalArgumentException.class, () -> new KnowledgeVersions(1, "meta_user", new long[] {5, 4},
                new int[] {0, 1, 2}, new long[] {1, 2}, new int[] {1, 2}), "entities must ascend");
        KnowledgeVersions pastTheTable = new KnowledgeVersions(2, "meta_user", new long[] {1}, new int[] {0, 1},
                new long[] {5}, new int[] {9});
        assertThrows(IllegalArgumentException.class, () -> KnowledgeInput.versioned("user-stream", "user_id", List.of(),
                new float[4 * 2], 2, pastTheTable), "a version row must lie in the table");
    }

    @Test
    void everySampleOfEverySplitReadsTheVersionOfItsOwnTime(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir, 30, 20, 12, 3)) {
            FeatureLayout plain = FeatureLayout.of(store);
            String userField = store.schema().requireIdField(FieldRole.USER_ID).name();
            int keyRows = plain.field(userField).vocabSize();
            // Ratings fall at 1,000,000 + r * 1000 + user: every user gets versions from the middle of the log and
            // later, so samples before, between and after them all occur. Versions are keyed by raw user id.
            long[] times = {1_004_000, 1_007_500, 1_010_000};
            int users = 30;
            long[] keys = new long[users];
            int[] offsets = new int[users + 1];
            long[] from = new long[users * times.length];
            int[] rows = new int[from.length];
            for (int u = 0; u < users; u++) {
                keys[u] = u + 1;
                offsets[u] = u * times.length;
                for (int v = 0; v < times.length; v++) {
                    from[offsets[u] + v] = times[v] + u + 1;
                    rows[offsets[u] + v] = keyRows + offsets[u] + v;
                }
            }
            offsets[users] = from.length;
            KnowledgeVersions versions = new KnowledgeVersions(keyRows, Columns.USER, keys, offsets, from, rows);
            KnowledgeInput input = KnowledgeInput.versioned("user-stream", userField, List.of(),
                    new float[(keyRows + from.length) * 2], 2, versions);
            FeatureLayout layout = plain.withKnowledge(List.of(input));
            int[] seen = new int[times.length + 1];
            for (Split split : List.of(Split.TRAIN, Split.VALID, Split.TEST)) {
                SplitView view = store.split(split);
                LongColumnView sampleTimes = view.longs(Columns.TIMESTAMP);
                var rawUsers = view.ints(Columns.USER);
                BatchLoader loader = new BatchLoader(view, layout);
                Batch batch = new Batch(layout, 16);
                int[] order = IntStream.range(0, view.rows()).toArray();
                for (int start = 0; start < order.length; start += batch.capacity()) {
                    int count = Math.min(batch.capacity(), order.length - start);
                    loader.fill(batch, order, start, count);
                    KnowledgeRows knowledge = batch.knowledge("user-stream");
                    for (int i = 0; i < count; i++) {
                        int id = batch.ids(userField)[i];
                        int raw = rawUsers.get(order[start + i]);
                        long time = sampleTimes.get(order[start + i]);
                        assertEquals(time, batch.times()[i]);
                        assertEquals(raw, batch.keys(Columns.USER)[i]);
                        int read = knowledge.distinct()[knowledge.slots(userField)[i]];
                        int newest = -1;
                        for (int j = offsets[raw - 1]; j < offsets[raw]; j++) {
                            if (from[j] <= time) {
                                newest = j;
                            }
                        }
                        assertEquals(newest < 0 ? id : rows[newest], read, split + " sample at " + time + " of user " + raw);
                        if (newest >= 0) {
                            assertTrue(from[newest] <= time, "never a version from after the sample");
                        }
                        seen[newest < 0 ? 0 : newest - offsets[raw - 1] + 1]++;
                    }
                }
            }
            for (int v = 0; v < seen.length; v++) {
                assertTrue(seen[v] > 0, "samples read the base row and each version: " + java.util.Arrays.toString(seen));
            }
            Batch served = new Batch(layout, 2);
            served.ids(userField)[0] = 1;
            served.ids(userField)[1] = 1;
            served.keys(Columns.USER)[0] = 5;
            served.fillRows(2);
            served.indexKnowledge();
            KnowledgeRows now = served.knowledge("user-stream");
            assertEquals(rows[offsets[4] + times.length - 1], now.distinct()[now.slots(userField)[0]],
                    "a request served now reads the newest version, even for an id outside the vocabulary (OOV)");
            assertEquals(1, now.distinct()[now.slots(userField)[1]], "a row without a raw id reads its base row");
        }
    }
}
