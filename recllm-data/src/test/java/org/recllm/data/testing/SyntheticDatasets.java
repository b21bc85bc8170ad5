package org.recllm.data.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.TrainTestSplit;
import org.recllm.data.dataset.User;

/** Small in-memory datasets whose users and items are derived from the ids their ratings use. */
public final class SyntheticDatasets {
    public static final List<String> GENRES = List.of("Action", "Comedy", "Drama");

    private SyntheticDatasets() {}

    public static Rating rating(int user, int item, float value, long timestamp) {
        return new Rating(user, item, value, timestamp);
    }

    /** User {@code id}: gender by parity, age 20 + id, occupation "other", zip "0" + id. */
    public static User user(int id) {
        return new User(id, id % 2 == 0 ? "F" : "M", 20 + id, "other", "0" + id);
    }

    /** Item {@code id}: released 1990 + id, with {@code id % 3 + 1} genres starting at {@code id % 3}. */
    public static Item item(int id) {
        List<String> genres = new ArrayList<>();
        for (int g = 0; g <= id % 3; g++) {
            genres.add(GENRES.get((id + g) % 3));
        }
        return new Item(id, "Movie " + id + " (" + (1990 + id) + ")", 1990 + id, genres);
    }

    /** A dataset of {@code base} and {@code test} ratings whose official split is u1 = (base, test). */
    public static RatingDataset withU1Split(List<Rating> base, List<Rating> test) {
        List<Rating> all = new ArrayList<>(base);
        all.addAll(test);
        return dataset(all, Optional.of(new TrainTestSplit("u1", base, test)));
    }

    public static RatingDataset withoutSplit(List<Rating> ratings) {
        return dataset(ratings, Optional.empty());
    }

    private static RatingDataset dataset(List<Rating> ratings, Optional<TrainTestSplit> split) {
        Map<Integer, User> users = new HashMap<>();
        Map<Integer, Item> items = new HashMap<>();
        for (Rating rating : ratings) {
            users.computeIfAbsent(rating.userId(), SyntheticDatasets::user);
            items.computeIfAbsent(rating.itemId(), SyntheticDatasets::item);
        }
        return new RatingDataset("synthetic", Path.of("synthetic"), users, items, ratings, split, List.of(), Map.of());
    }
}
