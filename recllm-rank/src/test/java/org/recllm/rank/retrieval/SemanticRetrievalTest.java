package org.recllm.rank.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
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
import org.recllm.knowledge.encoder.EncodedBatch;
import org.recllm.knowledge.encoder.SentenceEncoder;

/** Retrieval over a real sample store: texts by vocabulary id, positions per split, and a manifest that guards them. */
class SemanticRetrievalTest {
    @TempDir
    Path dir;

    /** Texts are "comedy N" or "drama N"; the encoder maps comedy to x and drama to y. */
    static final class GenreEncoder implements SentenceEncoder {
        @Override
        public String id() {
            return "genres";
        }

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public int maxTokens() {
            return Integer.MAX_VALUE;
        }

        @Override
        public EncodedBatch encode(List<String> texts) {
            return new EncodedBatch(texts.stream().map(t -> t.contains("Comedy") ? new float[] {1, 0, 0.01f * t.length()}
                    : new float[] {0, 1, 0.01f * t.length()}).toArray(float[][]::new), 0);
        }

        @Override
        public List<float[]> tokenStates(List<String> texts) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    /** One user rates items 1..8 in order (odd items comedies, even dramas), a second user the same later. */
    SampleStore store() {
        Map<Integer, Item> items = new HashMap<>();
        for (int i = 1; i <= 8; i++) {
            items.put(i, new Item(i, "Film " + i, 1990, List.of(i % 2 == 1 ? "Comedy" : "Drama")));
        }
        Map<Integer, User> users = Map.of(1, User.anonymous(1), 2, User.anonymous(2));
        List<Rating> ratings = new ArrayList<>();
        long time = 1;
        for (int user = 1; user <= 2; user++) {
            for (int item = 1; item <= 8; item++) {
                ratings.add(new Rating(user, item, 4, time++));
            }
        }
        RatingDataset dataset = new RatingDataset("tiny", dir, users, items, ratings, Optional.empty(), List.of(), Map.of());
        SampleStoreWriter.write(dir.resolve("samples"), new SampleEncoder(dataset, MovieLensFeatures.of(dataset, 8))
                .encode(new TemporalProtocol().split(dataset)));
        return SampleStore.open(dir.resolve("samples"));
    }

    @Test
    void retrievesSameGenreStepsForEveryRowAndRoundTrips() {
        try (SampleStore store = store()) {
            Map<Long, String> texts = new HashMap<>();
            for (long i = 1; i <= 8; i++) {
                texts.put(i, "Film " + i + ". Genres: " + (i % 2 == 1 ? "Comedy" : "Drama"));
            }
            List<String> byId = SemanticRetrieval.itemTexts(store, texts::get);
            assertEquals(null, byId.get(0), "padding has no text");
            RetrievedHistory retrieved = SemanticRetrieval.run(store, "samples", byId, "test", new GenreEncoder(), 2, 2, 1);
            var train = store.split(Split.TRAIN);
            var item = store.vocabulary("item_id");
            int[] positions = retrieved.of(Split.TRAIN);
            int checked = 0;
            for (int row = 0; row < train.rows(); row++) {
                int target = Integer.parseInt(item.value(train.ints("item_id").get(row)));
                int previous = -1;
                for (int slot = 0; slot < 2; slot++) {
                    int position = positions[row * 2 + slot];
                    if (position < 0) {
                        continue;
                    }
                    assertTrue(position > previous, "time order");
                    previous = position;
                    int step = Integer.parseInt(item.value(train.ints("hist_item").get(row, position)));
                    if (train.ints("history_length").get(row) >= 6) {
                        assertEquals(target % 2, step % 2, "with three of each genre to pick from, row " + row + " takes its genre");
                        checked++;
                    }
                }
            }
            assertTrue(checked > 0, "some rows have long enough histories");
            retrieved.write(dir.resolve("retrieved"));
            RetrievedHistory read = RetrievedHistory.read(dir.resolve("retrieved"), store);
            for (Split split : Split.values()) {
                assertArrayEquals(retrieved.of(split), read.of(split), split.name());
            }
            assertEquals("history", read.manifest().group());
        }
    }

    @Test
    void aRetrievalIsNotReadAgainstOtherSamples() throws Exception {
        try (SampleStore store = store()) {
            var retrieved = new RetrievedHistory(new RetrievedHistory.Manifest("x", "another-store", "history", 2, "v", "t",
                    Map.of()), Map.of());
            retrieved.write(dir.resolve("r"));
            BadInputException error = assertThrows(BadInputException.class, () -> RetrievedHistory.read(dir.resolve("r"), store));
            assertTrue(error.getMessage().contains("retrieved for other samples"), error.getMessage());
        }
    }
}
