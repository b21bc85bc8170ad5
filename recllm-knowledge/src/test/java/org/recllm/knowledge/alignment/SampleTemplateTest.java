package org.recllm.knowledge.alignment;

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
import org.recllm.data.protocol.Split;
import org.recllm.data.protocol.TemporalProtocol;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SampleStoreWriter;

/** Sample texts name the user's attributes, the candidate's title and the latest history items with their labels. */
class SampleTemplateTest {
    @TempDir
    Path dir;

    /** Two users rate items 1–6 in turn, one second apart; user 10 likes even items, user 11 odd ones. */
    RatingDataset dataset() {
        Map<Integer, Item> items = new HashMap<>();
        for (int i = 1; i <= 6; i++) {
            items.put(i, new Item(i, "Film " + i + " (199" + i + ")", 1990 + i, List.of(i % 2 == 0 ? "Drama" : "Comedy")));
        }
        Map<Integer, User> users = Map.of(10, new User(10, "F", 30, "writer", "12345"),
                11, new User(11, "M", 60, "retired", "X1"));
        List<Rating> ratings = new ArrayList<>();
        long time = 1_000;
        for (int item = 1; item <= 6; item++) {
            ratings.add(new Rating(10, item, item % 2 == 0 ? 5 : 1, time++));
            ratings.add(new Rating(11, item, item % 2 == 1 ? 5 : 1, time++));
        }
        return new RatingDataset("tiny", dir, users, items, ratings, Optional.empty(), List.of(), Map.of());
    }

    SampleStore store(RatingDataset dataset) {
        SampleStoreWriter.write(dir.resolve("samples"), new SampleEncoder(dataset, MovieLensFeatures.of(dataset, 4))
                .encode(new TemporalProtocol().split(dataset)));
        return SampleStore.open(dir.resolve("samples"));
    }

    @Test
    void aRowReadsAsItsUserItsCandidateAndItsLatestHistory() {
        RatingDataset dataset = dataset();
        try (SampleStore store = store(dataset)) {
            var settings = new SampleTemplate.Settings(dataset, Map.of(), Map.of(), 2, 0);
            SampleTemplate.Segments segments = new SampleTemplate(store, settings).segments(store.split(Split.TRAIN));
            int rows = store.split(Split.TRAIN).rows();
            assertEquals(rows, segments.rows());
            // Training holds the first 80% in time: user 10's ratings of items 1..5 and user 11's of 1..4 (or so);
            // the row of user 10 rating item 4 has items 1, 2, 3 before it and names the latest two.
            String text = null;
            for (int row = 0; row < rows; row++) {
                if (segments.text(row).contains("Candidate: Film 4 (1994)") && segments.text(row).contains("gender F")) {
                    text = segments.text(row);
                }
            }
            assertEquals("User: gender F, age 25-34, occupation writer, zip 1. Candidate: Film 4 (1994). Genres: Drama. "
                    + "Released 1994. Liked: Film 2 (1992) Disliked: Film 3 (1993)", text);
            long userSegments = segments.texts().stream().filter(s -> s.startsWith("User: gender F")).count();
            assertEquals(1, userSegments, "a user's segment is stored once for all of the user's rows");
            assertTrue(segments.texts().contains("User: gender M, age 56+, occupation retired, zip other."), segments.texts().toString());
        }
    }

    @Test
    void withoutTheDatasetItemsAreNamedByTheirFieldsAndKnowledgeIsCutToItsWords() {
        RatingDataset dataset = dataset();
        try (SampleStore store = store(dataset)) {
            var settings = new SampleTemplate.Settings(null, Map.of(10L, "Loves quiet dramas about families and books."),
                    Map.of(4L, "A slow drama."), 0, 3);
            SampleTemplate.Segments segments = new SampleTemplate(store, settings).segments(store.split(Split.TRAIN));
            assertTrue(segments.texts().contains("User: gender F, age 25-34, occupation writer, zip 1. Tastes: Loves quiet dramas …"),
                    segments.texts().toString());
            assertTrue(segments.texts().contains("Candidate: year 1990, genres Drama. About it: A slow drama."),
                    segments.texts().toString());
            assertTrue(segments.texts().stream().noneMatch(s -> s.startsWith("Liked") || s.startsWith("Disliked")),
                    "no history items with a history of 0");
        }
    }
}
