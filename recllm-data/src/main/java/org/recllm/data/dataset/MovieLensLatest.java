package org.recllm.data.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recllm.core.io.CsvReader;
import org.recllm.core.io.CsvRecord;

/**
 * Reader for the MovieLens "latest" CSV format (ml-latest-small, ml-latest, ml-20m, ml-25m, ml-32m):
 * {@code ratings.csv} and {@code movies.csv} are required, {@code tags.csv} and {@code links.csv} are read when
 * present. UTF-8; titles with commas are quoted. Ratings are half stars from 0.5 to 5.0; users have no demographics.
 */
public final class MovieLensLatest {
    public static final String NAME = "ml-latest";

    private MovieLensLatest() {}

    public static RatingDataset read(Path dir) {
        return read(dir, Duplicates.ERROR);
    }

    public static RatingDataset read(Path dir, Duplicates duplicates) {
        MovieLens100k.requireDirectory(dir);
        Map<Integer, Item> items = readMovies(dir.resolve("movies.csv"));
        Map<Integer, User> users = new HashMap<>();
        List<Rating> ratings = readRatings(dir.resolve("ratings.csv"), items, users, duplicates);
        Path tagsFile = dir.resolve("tags.csv");
        List<Tag> tags = Files.exists(tagsFile) ? readTags(tagsFile, items) : List.of();
        Path linksFile = dir.resolve("links.csv");
        Map<Integer, ItemLinks> links = Files.exists(linksFile) ? readLinks(linksFile, items) : Map.of();
        return new RatingDataset(NAME, dir, users, items, ratings, Optional.empty(), tags, links);
    }

    private static Map<Integer, Item> readMovies(Path file) {
        Map<Integer, Item> items = new HashMap<>();
        try (CsvReader csv = CsvReader.open(file)) {
            csv.requireColumns("movieId", "title", "genres");
            for (CsvRecord row = csv.next(); row != null; row = csv.next()) {
                int id = row.getInt("movieId");
                String title = row.get("title").strip();
                if (items.put(id, new Item(id, title, Titles.year(title), Titles.genres(row.get("genres")))) != null) {
                    throw row.error("movieId", "movie " + id + " appears twice");
                }
            }
        }
        return items;
    }

    private static List<Rating> readRatings(Path file, Map<Integer, Item> items, Map<Integer, User> users,
                                            Duplicates duplicates) {
        RatingRows ratings = new RatingRows(file.toString());
        try (CsvReader csv = CsvReader.open(file)) {
            csv.requireColumns("userId", "movieId", "rating", "timestamp");
            for (CsvRecord row = csv.next(); row != null; row = csv.next()) {
                int user = row.getInt("userId");
                int item = requireItem(row, items);
                float value = row.getFloat("rating");
                if (value < 0.5f || value > 5f || value * 2 != Math.rint(value * 2)) {
                    throw row.error("rating", "rating " + value + " is out of range; expected half stars from 0.5 to 5.0");
                }
                long timestamp = row.getLong("timestamp");
                if (timestamp < 0) {
                    throw row.error("timestamp", "expected a non-negative Unix timestamp, got " + timestamp);
                }
                users.computeIfAbsent(user, User::anonymous);
                ratings.add(new Rating(user, item, value, timestamp), row.line());
            }
        }
        return ratings.resolve(duplicates);
    }

    private static List<Tag> readTags(Path file, Map<Integer, Item> items) {
        List<Tag> tags = new ArrayList<>();
        try (CsvReader csv = CsvReader.open(file)) {
            csv.requireColumns("userId", "movieId", "tag", "timestamp");
            for (CsvRecord row = csv.next(); row != null; row = csv.next()) {
                tags.add(new Tag(row.getInt("userId"), requireItem(row, items), row.get("tag"), row.getLong("timestamp")));
            }
        }
        return tags;
    }

    private static Map<Integer, ItemLinks> readLinks(Path file, Map<Integer, Item> items) {
        Map<Integer, ItemLinks> links = new HashMap<>();
        try (CsvReader csv = CsvReader.open(file)) {
            csv.requireColumns("movieId", "imdbId", "tmdbId");
            for (CsvRecord row = csv.next(); row != null; row = csv.next()) {
                int item = requireItem(row, items);
                Integer tmdb = row.get("tmdbId").isBlank() ? null : row.getInt("tmdbId");
                links.put(item, new ItemLinks(item, row.get("imdbId").strip(), tmdb));
            }
        }
        return links;
    }

    private static int requireItem(CsvRecord row, Map<Integer, Item> items) {
        int item = row.getInt("movieId");
        if (!items.containsKey(item)) {
            throw row.error("movieId", "movie " + item + " is not in movies.csv");
        }
        return item;
    }
}
