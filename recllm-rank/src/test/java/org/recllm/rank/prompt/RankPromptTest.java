package org.recllm.rank.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.recllm.rank.retrieval.SemanticRetrieval;

/** The prompt names the profile, the chosen history items with their labels in time order, and the candidate. */
class RankPromptTest {
    @TempDir
    Path dir;

    @Test
    void latestOrGivenHistoryInTimeOrder() {
        Map<Integer, Item> items = new HashMap<>();
        for (int i = 1; i <= 6; i++) {
            items.put(i, new Item(i, "Film " + i, 1990, List.of("Drama")));
        }
        List<Rating> ratings = new ArrayList<>();
        for (int item = 1; item <= 6; item++) {
            ratings.add(new Rating(7, item, item % 2 == 0 ? 5 : 2, item));
        }
        RatingDataset dataset = new RatingDataset("tiny", dir, Map.of(7, new User(7, "F", 40, "artist", "9")), items, ratings,
                Optional.empty(), List.of(), Map.of());
        SampleStoreWriter.write(dir.resolve("s"), new SampleEncoder(dataset, MovieLensFeatures.of(dataset, 5))
                .encode(new TemporalProtocol().split(dataset)));
        try (SampleStore store = SampleStore.open(dir.resolve("s"))) {
            var train = store.split(Split.TRAIN);
            RankPrompt prompt = new RankPrompt(store, train, SemanticRetrieval.itemHistory(store),
                    id -> "Film " + id + " (199" + id + ")");
            int row = train.rows() - 1;
            // The last training row rates item 4 after items 1, 2, 3 (liked: even items).
            assertArrayEquals(new int[] {3, 4}, prompt.latest(row, 2), "the latest two of five slots, oldest first");
            assertEquals("A user (gender F, age 35-44, occupation artist, zip 9) rated these movies, oldest first: "
                    + "Film 2 (1992) (liked); Film 3 (1993) (disliked). Candidate: Film 4 (1994). " + RankPrompt.QUESTION,
                    prompt.render(row, prompt.latest(row, 2)));
            assertEquals("A user (gender F, age 35-44, occupation artist, zip 9) rated these movies, oldest first: "
                    + "Film 1 (1991) (disliked). Candidate: Film 4 (1994). " + RankPrompt.QUESTION, prompt.render(row, new int[] {-1, 2}));
            assertEquals("A user (gender F, age 35-44, occupation artist, zip 9) has no earlier ratings. Candidate: Film 1 (1991). "
                    + RankPrompt.QUESTION, prompt.render(0, prompt.latest(0, 3)));
        }
    }
}
