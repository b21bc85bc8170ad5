package org.recllm.data.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ratings dataset as read from disk: users, items, every rating, and the official split when the dataset ships one.
 *
 * @param name          the dataset's registry name, e.g. {@code ml-100k}
 * @param directory     where it was read from
 * @param officialSplit ML-100K's u1 split; empty for datasets without one
 * @param tags          user-applied tags (MovieLens "latest"); empty elsewhere
 * @param links         IMDb/TMDB identifiers per item (MovieLens "latest"); empty elsewhere
 */
public record RatingDataset(
        String name,
        Path directory,
        Map<Integer, User> users,
        Map<Integer, Item> items,
        List<Rating> ratings,
        Optional<TrainTestSplit> officialSplit,
        List<Tag> tags,
        Map<Integer, ItemLinks> links) {

    public RatingDataset {
        users = Map.copyOf(users);
        items = Map.copyOf(items);
        ratings = List.copyOf(ratings);
        tags = List.copyOf(tags);
        links = Map.copyOf(links);
    }

    public User user(int id) {
        User user = users.get(id);
        if (user == null) {
            throw new IllegalArgumentException(name + " has no user " + id);
        }
        return user;
    }

    public Item item(int id) {
        Item item = items.get(id);
        if (item == null) {
            throw new IllegalArgumentException(name + " has no item " + id);
        }
        return item;
    }

    /** The item of an entity id (as stores and knowledge keep it), or empty when the dataset has none. */
    public Optional<Item> findItem(long id) {
        return id < Integer.MIN_VALUE || id > Integer.MAX_VALUE ? Optional.empty() : Optional.ofNullable(items.get((int) id));
    }

    /** True when users carry gender, age, occupation and zip code. */
    public boolean hasDemographics() {
        return users.values().stream().anyMatch(u -> u.gender() != null);
    }
}
