package org.recllm.data.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.TextLines;

/**
 * Reader for MovieLens-100K as GroupLens ships it: tab-separated {@code u.data}, pipe-separated {@code u.item},
 * {@code u.user} and {@code u.genre}, all ISO-8859-1, and the official split {@code u1.base}/{@code u1.test}.
 */
public final class MovieLens100k {
    public static final String NAME = "ml-100k";
    /** The split the ML100K-U1 protocol uses. */
    public static final String SPLIT = "u1";

    private static final String[] RATING_FIELDS = {"user id", "item id", "rating", "timestamp"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private MovieLens100k() {}

    /** Reads users, items, all 100,000 ratings and, when present, the u1 split; a repeated rating is an error. */
    public static RatingDataset read(Path dir) {
        return read(dir, Duplicates.ERROR);
    }

    public static RatingDataset read(Path dir, Duplicates duplicates) {
        requireDirectory(dir);
        List<String> genres = readGenres(dir.resolve("u.genre"));
        Map<Integer, User> users = readUsers(dir.resolve("u.user"));
        Map<Integer, Item> items = readItems(dir.resolve("u.item"), genres);
        List<Rating> ratings = readRatings(dir.resolve("u.data"), users, items, duplicates);
        Optional<TrainTestSplit> split = Optional.empty();
        if (Files.exists(dir.resolve(SPLIT + ".base")) || Files.exists(dir.resolve(SPLIT + ".test"))) {
            split = Optional.of(new TrainTestSplit(SPLIT,
                    readRatings(dir.resolve(SPLIT + ".base"), users, items, duplicates),
                    readRatings(dir.resolve(SPLIT + ".test"), users, items, duplicates)));
        }
        return new RatingDataset(NAME, dir, users, items, ratings, split, List.of(), Map.of());
    }

    /**
     * Users and items only, without ratings: what a job that reads the ratings itself (on a cluster) needs on its
     * driver. {@code u.data} must be in the folder all the same.
     */
    public static RatingDataset readMetadata(Path dir) {
        requireDirectory(dir);
        List<String> genres = readGenres(dir.resolve("u.genre"));
        Map<Integer, User> users = readUsers(dir.resolve("u.user"));
        Map<Integer, Item> items = readItems(dir.resolve("u.item"), genres);
        return new RatingDataset(NAME, dir, users, items, List.of(), Optional.empty(), List.of(), Map.of());
    }

    static void requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, "not a directory; expected the folder that holds the dataset's files");
        }
    }

    static List<String> readGenres(Path file) {
        List<String> genres = new ArrayList<>();
        try (TextLines in = TextLines.open(file, StandardCharsets.ISO_8859_1)) {
            DelimitedFields fields = new DelimitedFields(in, "|", "genre", "genre id");
            while (fields.next()) {
                int id = fields.integer(1);
                if (id != genres.size()) {
                    throw fields.error(1, "expected genre id " + genres.size() + " (ids count up from 0), got " + id);
                }
                genres.add(fields.text(0));
            }
        }
        if (genres.isEmpty()) {
            throw new BadInputException(file, "holds no genres");
        }
        return genres;
    }

    static Map<Integer, User> readUsers(Path file) {
        Map<Integer, User> users = new HashMap<>();
        try (TextLines in = TextLines.open(file, StandardCharsets.ISO_8859_1)) {
            DelimitedFields fields = new DelimitedFields(in, "|", "user id", "age", "gender", "occupation", "zip code");
            while (fields.next()) {
                int id = fields.integer(0);
                int age = fields.integer(1);
                if (age < 1 || age > 120) {
                    throw fields.error(1, "age " + age + " is out of range; expected 1 to 120");
                }
                String gender = fields.text(2).strip();
                if (!gender.equals("M") && !gender.equals("F")) {
                    throw fields.error(2, "expected M or F, got '" + gender + "'");
                }
                if (users.put(id, new User(id, gender, age, fields.text(3).strip(), fields.text(4).strip())) != null) {
                    throw fields.error(0, "user " + id + " appears twice");
                }
            }
        }
        return users;
    }

    static Map<Integer, Item> readItems(Path file, List<String> genreNames) {
        String[] names = new String[5 + genreNames.size()];
        names[0] = "movie id";
        names[1] = "movie title";
        names[2] = "release date";
        names[3] = "video release date";
        names[4] = "IMDb URL";
        for (int g = 0; g < genreNames.size(); g++) {
            names[5 + g] = "genre " + genreNames.get(g);
        }
        Map<Integer, Item> items = new HashMap<>();
        try (TextLines in = TextLines.open(file, StandardCharsets.ISO_8859_1)) {
            DelimitedFields fields = new DelimitedFields(in, "|", names);
            while (fields.next()) {
                int id = fields.integer(0);
                List<String> genres = new ArrayList<>();
                for (int g = 0; g < genreNames.size(); g++) {
                    if (fields.flag(5 + g)) {
                        genres.add(genreNames.get(g));
                    }
                }
                Integer year = releaseYear(fields, 2);
                if (items.put(id, new Item(id, fields.text(1).strip(), year, genres)) != null) {
                    throw fields.error(0, "movie " + id + " appears twice");
                }
            }
        }
        return items;
    }

    /** The year of a date written dd-Mmm-yyyy; null when the field is empty. */
    private static Integer releaseYear(DelimitedFields fields, int field) {
        String date = fields.text(field).strip();
        if (date.isEmpty()) {
            return null;
        }
        String[] parts = date.split("-");
        if (parts.length != 3 || !List.of(MONTHS).contains(parts[1]) || !parts[2].matches("\\d{4}")
                || !parts[0].matches("\\d{1,2}")) {
            throw fields.error(field, "expected a date like 01-Jan-1995, got '" + date + "'");
        }
        return Integer.parseInt(parts[2]);
    }

    static List<Rating> readRatings(Path file, Map<Integer, User> users, Map<Integer, Item> items,
                                    Duplicates duplicates) {
        RatingRows ratings = new RatingRows(file.toString());
        try (TextLines in = TextLines.open(file, StandardCharsets.ISO_8859_1)) {
            DelimitedFields fields = new DelimitedFields(in, "\t", RATING_FIELDS);
            while (fields.next()) {
                ratings.add(rating(fields, users.keySet(), items.keySet()), fields.line());
            }
        }
        return ratings.resolve(duplicates);
    }

    /**
     * The rating on line {@code lineNumber} of a {@code u.data}-format file that is read elsewhere (a cluster job reads
     * it in parts; blank lines are skipped there): the same checks and errors as {@link #read}.
     */
    public static Rating parseRating(String source, long lineNumber, String line, Set<Integer> users, Set<Integer> items) {
        DelimitedFields fields = new DelimitedFields(source, "\t", RATING_FIELDS);
        fields.parse(lineNumber, line);
        return rating(fields, users, items);
    }

    private static Rating rating(DelimitedFields fields, Set<Integer> users, Set<Integer> items) {
        int user = fields.integer(0);
        int item = fields.integer(1);
        if (!users.contains(user)) {
            throw fields.error(0, "user " + user + " is not in u.user");
        }
        if (!items.contains(item)) {
            throw fields.error(1, "item " + item + " is not in u.item");
        }
        return new Rating(user, item, fields.wholeStarRating(2), fields.timestamp(3));
    }
}
