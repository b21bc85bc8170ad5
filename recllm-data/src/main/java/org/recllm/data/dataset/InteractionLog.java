package org.recllm.data.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.recllm.core.io.BadInputException;
import org.recllm.core.io.CsvReader;
import org.recllm.core.io.CsvRecord;
import org.recllm.core.io.TextLines;

/**
 * A generic interaction log, the format for logs that are not one of the MovieLens releases: a folder with
 * <ul>
 *   <li>{@code interactions.csv}: a header naming {@code user_id, item_id, rating, timestamp} (any order), then one
 *   interaction per line as plain comma-separated values (integer ids, a number, Unix seconds); the label is the
 *   benchmark's, {@code rating ≥ 4};</li>
 *   <li>{@code items.csv} (optional, RFC 4180): {@code item_id} and any of {@code title}, {@code year},
 *   {@code genres} ({@code |}-separated, the first is the item's first genre);</li>
 *   <li>{@code users.csv} (optional, RFC 4180): {@code user_id} and any of {@code gender}, {@code age} (years),
 *   {@code occupation}, {@code zip}.</li>
 * </ul>
 * Without a table, its entities are those the interactions name, known by id alone; with one, an interaction naming
 * an entity it lacks is an error. Samples get MovieLens's fields, so ML-100K written in this format prepares into the
 * same samples as read from GroupLens's files. {@code recllm spark prepare} also reads the tables as Parquet.
 */
public final class InteractionLog {
    public static final String NAME = "log";
    public static final String INTERACTIONS = "interactions";
    public static final String ITEMS = "items";
    public static final String USERS = "users";
    /** Every table a log may hold. */
    public static final List<String> TABLES = List.of(INTERACTIONS, ITEMS, USERS);
    public static final String CSV = ".csv";
    public static final String PARQUET = ".parquet";
    public static final String TITLE = "title";
    public static final String YEAR = "year";
    public static final String GENRES = "genres";
    public static final String GENDER = "gender";
    public static final String AGE = "age";
    public static final String OCCUPATION = "occupation";
    public static final String ZIP = "zip";
    public static final List<String> ITEM_COLUMNS = List.of(InteractionColumns.ITEM_ID, TITLE, YEAR, GENRES);
    public static final List<String> USER_COLUMNS = List.of(InteractionColumns.USER_ID, GENDER, AGE, OCCUPATION, ZIP);

    private InteractionLog() {}

    /** Users, items and every interaction of the log in {@code dir}; a repeated interaction follows {@code duplicates}. */
    public static RatingDataset read(Path dir, Duplicates duplicates) {
        MovieLens100k.requireDirectory(dir);
        Path interactions = table(dir, INTERACTIONS).orElseThrow(() -> new BadInputException(
                dir.resolve(INTERACTIONS + CSV), "not found; expected the log's interactions as CSV with the header "
                        + String.join(",", InteractionColumns.NAMES)));
        Optional<Map<Integer, Item>> itemTable = table(dir, ITEMS).map(InteractionLog::readItems);
        Optional<Map<Integer, User>> userTable = table(dir, USERS).map(InteractionLog::readUsers);
        RatingRows rows = new RatingRows(interactions.toString());
        try (TextLines in = TextLines.open(interactions, StandardCharsets.UTF_8)) {
            String source = interactions.toString();
            InteractionColumns columns = InteractionColumns.of(source, in.next());
            Set<Integer> users = userTable.map(Map::keySet).orElse(null);
            Set<Integer> items = itemTable.map(Map::keySet).orElse(null);
            for (String line = in.next(); line != null; line = in.next()) {
                if (!line.isBlank()) {
                    rows.add(columns.parse(source, in.lineNumber(), line, users, items), in.lineNumber());
                }
            }
        }
        List<Rating> ratings = rows.resolve(duplicates);
        Map<Integer, User> users = userTable.orElseGet(() -> anonymousUsers(ratings.stream().mapToInt(Rating::userId).toArray()));
        Map<Integer, Item> items = itemTable.orElseGet(() -> unnamedItems(ratings.stream().mapToInt(Rating::itemId).toArray()));
        return new RatingDataset(NAME, dir, users, items, ratings, Optional.empty(), List.of(), Map.of());
    }

    /** The CSV table {@code name} of the log in {@code dir}, when it has one (a Parquet one is an error here). */
    private static Optional<Path> table(Path dir, String name) {
        Optional<Path> table = table(dir, name, false);
        if (table.isPresent() && Files.exists(dir.resolve(name + PARQUET))) {
            throw bothFormats(dir, name);
        }
        if (table.isEmpty() && Files.exists(dir.resolve(name + PARQUET))) {
            throw new BadInputException(dir.resolve(name + PARQUET), "Parquet tables are read by recllm spark prepare; "
                    + "the local path reads " + name + CSV);
        }
        return table;
    }

    /**
     * The table {@code name} of the log in {@code dir}: {@code name.csv}, a file, or (when {@code parquet}) a Parquet
     * table {@code name.parquet}, a file or a folder of parts; both at once, or a CSV folder, is an error.
     */
    public static Optional<Path> table(Path dir, String name, boolean parquet) {
        Path csv = dir.resolve(name + CSV);
        Path table = dir.resolve(name + PARQUET);
        if (Files.exists(csv) && !Files.isRegularFile(csv)) {
            throw new BadInputException(csv, "not a file; expected the table as one CSV file" + (parquet
                    ? " (a table in part files can be given as " + name + PARQUET + ")" : ""));
        }
        if (Files.exists(csv) && parquet && Files.exists(table)) {
            throw bothFormats(dir, name);
        }
        if (Files.exists(csv)) {
            return Optional.of(csv);
        }
        return parquet && Files.exists(table) ? Optional.of(table) : Optional.empty();
    }

    private static BadInputException bothFormats(Path dir, String name) {
        return new BadInputException(dir, "holds both " + name + CSV + " and " + name + PARQUET + "; keep the one to read");
    }

    /** The items of an {@code items.csv} table. */
    public static Map<Integer, Item> readItems(Path file) {
        try (CsvReader in = CsvReader.open(file)) {
            requireKnownColumns(in.source(), in.header(), InteractionColumns.ITEM_ID, ITEM_COLUMNS);
            return items(in::next);
        }
    }

    /** The items of an items table's rows, given until null; an id given twice is an error. */
    public static Map<Integer, Item> items(Supplier<CsvRecord> rows) {
        return byId(rows, InteractionLog::item, Item::id, InteractionColumns.ITEM_ID, "item");
    }

    /** The users of a {@code users.csv} table. */
    public static Map<Integer, User> readUsers(Path file) {
        try (CsvReader in = CsvReader.open(file)) {
            requireKnownColumns(in.source(), in.header(), InteractionColumns.USER_ID, USER_COLUMNS);
            return users(in::next);
        }
    }

    /** The users of a users table's rows, given until null; an id given twice is an error. */
    public static Map<Integer, User> users(Supplier<CsvRecord> rows) {
        return byId(rows, InteractionLog::user, User::id, InteractionColumns.USER_ID, "user");
    }

    private static <T> Map<Integer, T> byId(Supplier<CsvRecord> rows, Function<CsvRecord, T> parse, ToIntFunction<T> id,
                                            String column, String what) {
        Map<Integer, T> entities = new HashMap<>();
        for (CsvRecord record = rows.get(); record != null; record = rows.get()) {
            T entity = parse.apply(record);
            if (entities.put(id.applyAsInt(entity), entity) != null) {
                throw record.error(column, what + " " + id.applyAsInt(entity) + " appears twice");
            }
        }
        return entities;
    }

    /** The item of one row of an items table, whose columns are among {@link #ITEM_COLUMNS}. */
    public static Item item(CsvRecord record) {
        int id = InteractionColumns.integer(record.source(), record.line(), InteractionColumns.ITEM_ID,
                record.get(InteractionColumns.ITEM_ID));
        String title = optional(record, TITLE);
        String year = optional(record, YEAR);
        Integer released = null;
        if (year != null) {
            try {
                released = Integer.parseInt(year.strip());
            } catch (NumberFormatException e) {
                throw record.error(YEAR, "expected a year like 1995 or nothing, got '" + year + "'");
            }
        }
        String genres = optional(record, GENRES);
        List<String> genreList = genres == null ? List.of()
                : Arrays.stream(genres.split("\\|")).map(String::strip).filter(g -> !g.isEmpty()).toList();
        return new Item(id, title == null ? unnamed(id) : title.strip(), released, genreList);
    }

    /** The user of one row of a users table, whose columns are among {@link #USER_COLUMNS}. */
    public static User user(CsvRecord record) {
        int id = InteractionColumns.integer(record.source(), record.line(), InteractionColumns.USER_ID,
                record.get(InteractionColumns.USER_ID));
        String age = optional(record, AGE);
        Integer years = null;
        if (age != null) {
            try {
                years = Integer.parseInt(age.strip());
            } catch (NumberFormatException e) {
                throw record.error(AGE, "expected an age in years or nothing, got '" + age + "'");
            }
            if (years < 1 || years > 120) {
                throw record.error(AGE, "age " + years + " is out of range; expected 1 to 120");
            }
        }
        return new User(id, stripped(optional(record, GENDER)), years, stripped(optional(record, OCCUPATION)),
                stripped(optional(record, ZIP)));
    }

    /** Users known by id alone, for a log without a users table. */
    public static Map<Integer, User> anonymousUsers(int[] ids) {
        Map<Integer, User> users = new TreeMap<>();
        for (int id : ids) {
            users.computeIfAbsent(id, User::anonymous);
        }
        return users;
    }

    /** Items known by id alone ("item 17", no year, no genres), for a log without an items table. */
    public static Map<Integer, Item> unnamedItems(int[] ids) {
        Map<Integer, Item> items = new TreeMap<>();
        for (int id : ids) {
            items.computeIfAbsent(id, i -> new Item(i, unnamed(i), null, List.of()));
        }
        return items;
    }

    /** Refuses a header without {@code id} or with a column the format does not define (a misspelt one would be lost). */
    public static void requireKnownColumns(String source, List<String> header, String id, List<String> known) {
        if (!header.contains(id)) {
            throw new BadInputException(source, 1, id, "missing column; the header has " + header);
        }
        for (String column : header) {
            if (!known.contains(column)) {
                throw new BadInputException(source, 1, column, "unknown column; expected some of " + known);
            }
        }
    }

    private static String unnamed(int id) {
        return "item " + id;
    }

    /** The value of {@code column}, or null when the table lacks the column or the value is empty. */
    private static String optional(CsvRecord record, String column) {
        if (!record.columns().containsKey(column)) {
            return null;
        }
        String value = record.get(column);
        return value == null || value.isBlank() ? null : value;
    }

    private static String stripped(String value) {
        return value == null ? null : value.strip();
    }
}
