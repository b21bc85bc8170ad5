package org.recllm.data.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.data.testing.SyntheticDatasets.rating;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.protocol.Split;
import org.recllm.data.protocol.SplitPlan;
import org.recllm.data.protocol.TemporalProtocol;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.Column;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SampleSet;
import org.recllm.data.store.SplitColumns;
import org.recllm.data.testing.RealMl100k;
import org.recllm.data.testing.SyntheticDatasets;

/** Vocabularies come from the training split only: id 0 pads, values unseen in training map to the OOV id 1. */
class TrainingOnlyVocabulariesTest {

    @Test
    void realItemVocabularyHoldsExactlyTheTrainingItemsWithTheirCounts() {
        SplitPlan plan = RealMl100k.u1Plan();
        Vocabulary items = RealMl100k.u1Samples().vocabularies().get(MovieLensFeatures.ITEM_ID);
        Map<Integer, Long> trainCounts = plan.train().stream()
                .collect(Collectors.groupingBy(Rating::itemId, TreeMap::new, Collectors.counting()));
        assertEquals(trainCounts.keySet().stream().map(String::valueOf).toList(), items.values(),
                "training items, numerically ordered");
        assertArrayEquals(trainCounts.values().stream().mapToLong(Long::longValue).toArray(), items.counts());
        assertEquals(trainCounts.size() + 2, items.size());
    }

    @Test
    void realValidationAndTestItemsUnseenInTrainingAreOov() {
        SampleSet samples = RealMl100k.u1Samples();
        Vocabulary items = samples.vocabularies().get(MovieLensFeatures.ITEM_ID);
        Set<Integer> trainItems = RealMl100k.u1Plan().train().stream().map(Rating::itemId).collect(Collectors.toSet());
        int oov = 0;
        for (Split split : Split.values()) {
            SplitColumns columns = samples.splits().get(split);
            int[] ids = ((Column.Ints) columns.column(MovieLensFeatures.ITEM_ID)).values();
            int[] raw = ((Column.Ints) columns.column(Columns.ITEM)).values();
            for (int row = 0; row < ids.length; row++) {
                if (trainItems.contains(raw[row])) {
                    assertEquals(Integer.toString(raw[row]), items.value(ids[row]), split.id() + " row " + row);
                } else {
                    assertEquals(Vocabulary.OOV, ids[row], split.id() + " row " + row + ": item " + raw[row]);
                    oov++;
                }
            }
        }
        assertTrue(oov > 0, "u1.test holds items that training never saw");
    }

    @Test
    void anItemFirstSeenAfterTrainingIsOovInRowsAndHistories() {
        // temporal split of ten ratings: 8 train, 1 validation (item 50, new), 1 test (same user, later)
        List<Rating> ratings = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ratings.add(rating(1 + i % 2, 1 + i, i % 2 == 0 ? 5 : 2, 100 + i));
        }
        ratings.add(rating(1, 50, 4, 200));
        ratings.add(rating(1, 2, 1, 300));
        RatingDataset dataset = SyntheticDatasets.withoutSplit(ratings);
        SampleSet samples = new SampleEncoder(dataset, MovieLensFeatures.of(dataset, 6)).encode(new TemporalProtocol().split(dataset));

        SplitColumns valid = samples.splits().get(Split.VALID);
        assertEquals(Vocabulary.OOV, id(valid, MovieLensFeatures.ITEM_ID, 0));
        assertEquals(Vocabulary.OOV, id(valid, "year", 0), "release year 2040 is unseen in training");

        SplitColumns test = samples.splits().get(Split.TEST);
        Vocabulary items = samples.vocabularies().get(MovieLensFeatures.ITEM_ID);
        // user 1's earlier ratings: items 1, 3, 5, 7 (train) and 50 (validation), oldest first, padded to 6
        assertArrayEquals(new int[] {0, items.id("1"), items.id("3"), items.id("5"), items.id("7"), Vocabulary.OOV},
                ((Column.Ints) test.column("hist_item")).values());
        assertEquals(5, id(test, "history_length", 0));
        assertNull(items.value(Vocabulary.PADDING));
        assertNull(items.value(Vocabulary.OOV));
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), items.values());
    }

    @Test
    void multiHotGenresAreRightPaddedWithZero() {
        List<Rating> ratings = List.of(rating(1, 3, 4, 1), rating(1, 4, 4, 2), rating(2, 5, 1, 3), rating(2, 3, 5, 4),
                rating(1, 5, 3, 5), rating(2, 4, 4, 6), rating(1, 6, 2, 7), rating(2, 7, 2, 8), rating(1, 8, 5, 9),
                rating(2, 6, 5, 10));
        RatingDataset dataset = SyntheticDatasets.withoutSplit(ratings);
        SampleSet samples = new SampleEncoder(dataset, MovieLensFeatures.of(dataset, 0)).encode(new TemporalProtocol().split(dataset));
        Vocabulary genres = samples.vocabularies().get(MovieLensFeatures.GENRES);
        SplitColumns train = samples.splits().get(Split.TRAIN);
        int[] values = ((Column.Ints) train.column(MovieLensFeatures.GENRES)).values();
        // item 3 has one genre (Action), item 4 two (Comedy, Drama), item 5 three (Drama, Action, Comedy)
        assertEquals(3, values.length / train.rows());
        assertArrayEquals(new int[] {genres.id("Action"), 0, 0}, Arrays.copyOfRange(values, 0, 3));
        assertArrayEquals(new int[] {genres.id("Comedy"), genres.id("Drama"), 0}, Arrays.copyOfRange(values, 3, 6));
        assertArrayEquals(new int[] {genres.id("Drama"), genres.id("Action"), genres.id("Comedy")},
                Arrays.copyOfRange(values, 6, 9));
        assertEquals(List.of("Action", "Comedy", "Drama"), genres.values());
        assertTrue(samples.schema().sequenceGroups().isEmpty(), "history length 0 means no sequence");
    }

    private static int id(SplitColumns columns, String name, int row) {
        return ((Column.Ints) columns.column(name)).values()[row];
    }
}
