package org.recllm.data.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recllm.core.io.TextLines;

/**
 * Reader for MovieLens-1M: {@code users.dat}, {@code movies.dat} and {@code ratings.dat}, fields separated by "::",
 * ISO-8859-1. Ages are published as groups (1, 18, 25, 35, 45, 50, 56) and occupations as codes 0–20.
 */
public final class MovieLens1m {
    public static final String NAME = "ml-1m";

    private static final List<Integer> AGE_GROUPS = List.of(1, 18, 25, 35, 45, 50, 56);
    private static final List<String> OCCUPATIONS = List.of(
            "other", "academic/educator", "artist", "clerical/admin", "college/grad student", "customer service",
            "doctor/health care", "executive/managerial", "farmer", "homemaker", "K-12 student", "lawyer",
            "programmer", "retired", "sales/marketing", "scientist", "self-employed", "technician/engineer",
            "tradesman/craftsman", "unemployed", "writer");

    private MovieLens1m() {}

    public static RatingDataset read(Path dir) {
        return read(dir, Duplicates.ERROR);
    }

    public static RatingDataset read(Path dir, Duplicates duplicates) {
        MovieLens100k.requireDirectory(dir);
        Map<Integer, User> users = readUsers(dir.resolve("users.dat"));
        Map<Integer, Item> items = readMovies(dir.resolve("movies.dat"));
        List<Rating> ratings = readRatings(dir.resolve("ratings.dat"), users, items, duplicates);
        return new RatingDataset(NAME, dir, users, items, ratings, Optional.empty(), List.of(), Map.of());
    }

    private static Map<Integer, User> readUsers(Path file) {
        Map<Integer, User> users = new HashMap<>();
        try (TextLines in = TextLines.open(file, StandardCharsets.ISO_8859_1)) {
            DelimitedFields fields = new DelimitedFields(in, "::", "UserID", "Gender", "Age", "Occupation", "Zip-code");
            while (fields.next()) {
                int id = fields.integer(0);
                String gender = fields.text(1).strip();
                if (!gender.equals("M") && !gender.equals("F")) {
                    throw fields.error(1, "expected M or F, got '" + gender + "'");
                }
                int age = fields.integer(2);
                if (!AGE_GROUPS.contains(age)) {
                    throw fields.error(2, "expected one of the age groups " + AGE_GROUPS + ", got " + age);
                }
                int occupation = fields.integer(3);
                if (occupation < 0 || occupation >= OCCUPATIONS.size()) {
                    throw fields.error(3, "expected an occupation code from 0 to 20, got " + occupation);
                }
                if (users.put(id, new User(id, gender, age, OCCUPATIONS.get(occupation), fields.text(4).strip())) != null) {
                    throw fields.error(0, "user " + id + " appears twice");
                }
            }
        }
        return users;
    }

    private static Map<Integer, Item> readMovies(Path file) {
        Map<Integer, Item> items = new HashMap<>();
        try (TextLines in = TextLines.open(file, StandardCharsets.ISO_8859_1)) {
            DelimitedFields fields = new DelimitedFields(in, "::", "MovieID", "Title", "Genres");
            while (fields.next()) {
                int id = fields.integer(0);
                String title = fields.text(1).strip();
                Item item = new Item(id, title, Titles.year(title), Titles.genres(fields.text(2)));
                if (items.put(id, item) != null) {
                    throw fields.error(0, "movie " + id + " appears twice");
                }
            }
        }
        return items;
    }

    private static List<Rating> readRatings(Path file, Map<Integer, User> users, Map<Integer, Item> items,
                                            Duplicates duplicates) {
        RatingRows ratings = new RatingRows(file.toString());
        try (TextLines in = TextLines.open(file, StandardCharsets.ISO_8859_1)) {
            DelimitedFields fields = new DelimitedFields(in, "::", "UserID", "MovieID", "Rating", "Timestamp");
            while (fields.next()) {
                int user = fields.integer(0);
                int item = fields.integer(1);
                if (!users.containsKey(user)) {
                    throw fields.error(0, "user " + user + " is not in users.dat");
                }
                if (!items.containsKey(item)) {
                    throw fields.error(1, "movie " + item + " is not in movies.dat");
                }
                ratings.add(new Rating(user, item, fields.wholeStarRating(2), fields.timestamp(3)), fields.line());
            }
        }
        return ratings.resolve(duplicates);
    }
}
