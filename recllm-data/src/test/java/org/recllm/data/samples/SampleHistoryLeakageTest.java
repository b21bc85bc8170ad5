package org.recllm.data.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Split;
import org.recllm.data.protocol.SplitPlan;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.Column;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SampleSet;
import org.recllm.data.store.SplitColumns;
import org.recllm.data.testing.RealMl100k;

/**
 * Every behaviour sequence of the encoded real ML100K-U1 samples, all splits, all rows, against a brute-force
 * recomputation: the user's latest 20 pool ratings strictly before the sample, oldest first, ties by item id,
 * left-padded with 0; never the sample itself, nothing at or after its timestamp.
 */
class SampleHistoryLeakageTest {
    private static final int LENGTH = MovieLensFeatures.DEFAULT_HISTORY_LENGTH;

    private final RatingDataset dataset = RealMl100k.dataset();
    private final SplitPlan plan = RealMl100k.u1Plan();
    private final SampleSet samples = RealMl100k.u1Samples();
    private final Vocabulary items = samples.vocabularies().get(MovieLensFeatures.ITEM_ID);
    private final Vocabulary genres = samples.vocabularies().get(MovieLensFeatures.GENRES);
    private final Vocabulary labels = samples.vocabularies().get("label");

    @Test
    void everyHistoryIsTheLatestTwentyEarlierPoolRatingsOldestFirst() {
        Map<Integer, List<Rating>> pool = poolByUser();
        long histories = 0;
        long oovSteps = 0;
        for (Split split : Split.values()) {
            SplitColumns columns = samples.splits().get(split);
            List<Rating> rows = plan.samples(split);
            int[] histItem = ints(columns, "hist_item");
            int[] histGenre = ints(columns, "hist_genre");
            int[] histLabel = ints(columns, "hist_label");
            int[] lengths = ints(columns, "history_length");
            for (int row = 0; row < rows.size(); row++) {
                Rating sample = rows.get(row);
                List<Rating> expected = bruteForceHistory(pool.getOrDefault(sample.userId(), List.of()), sample);
                int pad = LENGTH - expected.size();
                int[] items = new int[LENGTH];
                int[] genreIds = new int[LENGTH];
                int[] labelIds = new int[LENGTH];
                for (int step = 0; step < expected.size(); step++) {
                    Rating past = expected.get(step);
                    items[pad + step] = this.items.id(Integer.toString(past.itemId()));
                    List<String> itemGenres = dataset.item(past.itemId()).genres();
                    genreIds[pad + step] = genres.id(itemGenres.isEmpty() ? "unknown" : itemGenres.getFirst());
                    labelIds[pad + step] = labels.id(past.value() >= 4 ? "1" : "0");
                    oovSteps += items[pad + step] == Vocabulary.OOV ? 1 : 0;
                }
                String where = split.id() + " row " + row + " " + sample;
                assertEquals(expected.size(), lengths[row], where);
                assertArrayEquals(items, Arrays.copyOfRange(histItem, row * LENGTH, (row + 1) * LENGTH), where);
                assertArrayEquals(genreIds, Arrays.copyOfRange(histGenre, row * LENGTH, (row + 1) * LENGTH), where);
                assertArrayEquals(labelIds, Arrays.copyOfRange(histLabel, row * LENGTH, (row + 1) * LENGTH), where);
                histories += expected.isEmpty() ? 0 : 1;
            }
        }
        assertTrue(histories > 90_000, "most samples have a history: " + histories);
        assertTrue(oovSteps > 0, "validation-only items appear in histories as OOV");
    }

    @Test
    void noDecodedHistoryItemIsTheSampleOrLaterThanIt() {
        Map<Integer, Map<Integer, Long>> ratedAt = new HashMap<>();
        for (Rating r : plan.historyPool()) {
            ratedAt.computeIfAbsent(r.userId(), u -> new HashMap<>()).put(r.itemId(), r.timestamp());
        }
        long checked = 0;
        for (Split split : Split.values()) {
            SplitColumns columns = samples.splits().get(split);
            int[] users = ints(columns, Columns.USER);
            int[] itemIds = ints(columns, Columns.ITEM);
            long[] times = ((Column.Longs) columns.column(Columns.TIMESTAMP)).values();
            int[] histItem = ints(columns, "hist_item");
            for (int row = 0; row < users.length; row++) {
                for (int step = 0; step < LENGTH; step++) {
                    String value = items.value(histItem[row * LENGTH + step]);
                    if (value == null) {
                        continue;
                    }
                    int item = Integer.parseInt(value);
                    long at = ratedAt.get(users[row]).get(item);
                    String where = split.id() + " row " + row + " step " + step;
                    assertTrue(item != itemIds[row], where + ": the sample's own item");
                    assertTrue(at < times[row], where + ": rated at " + at + ", not before the sample at " + times[row]);
                    checked++;
                }
            }
        }
        assertTrue(checked > 1_000_000, "history steps checked: " + checked);
    }

    @Test
    void metaColumnsFollowThePlanRowByRow() {
        for (Split split : Split.values()) {
            SplitColumns columns = samples.splits().get(split);
            List<Rating> rows = plan.samples(split);
            assertEquals(rows.size(), columns.rows());
            assertArrayEquals(rows.stream().mapToInt(Rating::userId).toArray(), ints(columns, Columns.USER));
            assertArrayEquals(rows.stream().mapToInt(Rating::itemId).toArray(), ints(columns, Columns.ITEM));
            assertArrayEquals(rows.stream().mapToLong(Rating::timestamp).toArray(),
                    ((Column.Longs) columns.column(Columns.TIMESTAMP)).values());
            float[] label = ((Column.Floats) columns.column(Columns.LABEL)).values();
            for (int row = 0; row < rows.size(); row++) {
                assertEquals(rows.get(row).value() >= 4 ? 1f : 0f, label[row], split.id() + " row " + row);
            }
        }
    }

    /** All of the user's pool ratings before the sample, sorted, the last 20 kept. */
    private static List<Rating> bruteForceHistory(List<Rating> userPool, Rating sample) {
        List<Rating> earlier = new ArrayList<>();
        for (Rating r : userPool) {
            if (r.timestamp() < sample.timestamp()) {
                earlier.add(r);
            }
        }
        earlier.sort((a, b) -> a.timestamp() != b.timestamp() ? Long.compare(a.timestamp(), b.timestamp())
                : Integer.compare(a.itemId(), b.itemId()));
        return earlier.subList(Math.max(0, earlier.size() - LENGTH), earlier.size());
    }

    private Map<Integer, List<Rating>> poolByUser() {
        Map<Integer, List<Rating>> byUser = new HashMap<>();
        for (Rating r : plan.historyPool()) {
            byUser.computeIfAbsent(r.userId(), u -> new ArrayList<>()).add(r);
        }
        return byUser;
    }

    private static int[] ints(SplitColumns columns, String name) {
        return ((Column.Ints) columns.column(name)).values();
    }
}
