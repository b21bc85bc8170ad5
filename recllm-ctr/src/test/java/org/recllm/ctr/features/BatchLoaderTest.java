package org.recllm.ctr.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.data.samples.MovieLensFeatures.HISTORY;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.ctr.testing.SyntheticStores;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.Schema;
import org.recllm.data.store.IntColumnView;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;

/** Histories are left-padded: a row with {@code n} past events has its mask's last {@code n} positions set, no others. */
class BatchLoaderTest {

    @Test
    void masksMarkExactlyTheRealEventsAtTheRightEnd(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir, 20, 12, 8, 5)) {
            FeatureLayout layout = FeatureLayout.of(store);
            assertEquals(Map.of(HISTORY, 5), layout.sequenceLengths(), "the synthetic store keeps histories of 5");
            SplitView train = store.split(Split.TRAIN);
            IntColumnView lengths = train.ints(Schema.lengthColumn(HISTORY));
            // Rows from longest history to shortest, so every refill of the reused batch shortens some masks.
            List<Integer> rows = new ArrayList<>();
            for (int n = 5; n >= 0; n--) {
                for (int row = 0; row < train.rows(); row++) {
                    if (lengths.get(row) == n) {
                        rows.add(row);
                    }
                }
            }
            assertTrue(lengths.get(rows.getFirst()) == 5 && lengths.get(rows.getLast()) == 0, "histories of 0 to 5 events");
            int[] order = rows.stream().mapToInt(Integer::intValue).toArray();
            BatchLoader loader = new BatchLoader(train, layout);
            Batch batch = new Batch(layout, 7);
            int[] histItems = new int[5];
            for (int from = 0; from < order.length; from += batch.capacity()) {
                int count = Math.min(batch.capacity(), order.length - from);
                loader.fill(batch, order, from, count);
                assertEquals(count, batch.size());
                for (int i = 0; i < count; i++) {
                    int row = order[from + i];
                    int length = lengths.get(row);
                    train.ints("hist_item").copyRow(row, histItems, 0);
                    for (int t = 0; t < 5; t++) {
                        boolean real = t >= 5 - length;
                        String where = "row " + row + " with " + length + " events, position " + t;
                        assertEquals(real ? 1f : 0f, batch.mask(HISTORY)[i * 5 + t], where);
                        assertEquals(real, histItems[t] != 0, where + ": the ids are padded on the left too");
                        assertEquals(histItems[t], batch.ids("hist_item")[i * 5 + t], where);
                    }
                    assertEquals(train.labels().get(row), batch.labels()[i]);
                    assertEquals(row, batch.rows()[i]);
                }
            }
        }
    }
}
