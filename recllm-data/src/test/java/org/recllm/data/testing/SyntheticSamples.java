package org.recllm.data.testing;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Schema;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.Column;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SampleSet;
import org.recllm.data.store.SplitColumns;
import org.recllm.data.store.StoreInfo;

/**
 * Sample sets built directly, without a dataset, with every kind of field: categorical {@code user_id} and
 * {@code item_id}, multi-hot {@code genres} (width 3, right-padded), numeric {@code price}, and a sequence group
 * {@code history} of {@code hist_item} and {@code hist_genre} (length 4, left-padded). The content is a pure function
 * of the seed, so two processes build the same set.
 */
public final class SyntheticSamples {
    public static final int HISTORY = 4;
    public static final int GENRE_WIDTH = 3;
    public static final int USERS = 50;
    public static final int ITEMS = 200;
    public static final int GENRES = 6;

    private SyntheticSamples() {}

    public static Schema schema() {
        return new Schema(List.of(
                FieldSpec.categorical("user_id", "user_id", FieldRole.USER_ID),
                FieldSpec.categorical("item_id", "item_id", FieldRole.ITEM_ID),
                FieldSpec.multiHot("genres", "genres", GENRE_WIDTH, FieldRole.ITEM_ATTRIBUTE),
                FieldSpec.numeric("price", FieldRole.ITEM_ATTRIBUTE),
                FieldSpec.sequence("hist_item", "item_id", HISTORY, "history", "item_id"),
                FieldSpec.sequence("hist_genre", "genres", HISTORY, "history", "genres")));
    }

    /** {@code rows} rows in train, and half as many in validation and in test. */
    public static SampleSet build(long seed, int rows) {
        Random random = new Random(seed);
        Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
        vocabularies.put("user_id", vocabulary("user_id", USERS, random));
        vocabularies.put("item_id", vocabulary("item_id", ITEMS, random));
        vocabularies.put("genres", vocabulary("genres", GENRES, random));
        Map<Split, SplitColumns> splits = new EnumMap<>(Split.class);
        splits.put(Split.TRAIN, split(rows, random));
        splits.put(Split.VALID, split(rows / 2, random));
        splits.put(Split.TEST, split(rows / 2, random));
        return new SampleSet(new StoreInfo("synthetic", "none", "seed " + seed, HISTORY, "2026-01-01T00:00:00Z"),
                schema(), vocabularies, splits);
    }

    /**
     * Three hand-written rows with the same schema: train row 0 has genres {3, 4} and the history (7, 2), (9, 3);
     * train row 1 an OOV item, one genre and no history; the validation row a full history; test is empty.
     */
    public static SampleSet tiny() {
        Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
        vocabularies.put("user_id", new Vocabulary("user_id", List.of("1", "2"), new long[] {1, 1}));
        vocabularies.put("item_id", new Vocabulary("item_id", List.of("10", "20", "30", "40", "50", "60", "70", "80"),
                new long[] {1, 1, 1, 1, 1, 1, 1, 1}));
        vocabularies.put("genres", new Vocabulary("genres", List.of("Action", "Comedy", "Drama", "Horror", "War", "Western"),
                new long[] {1, 1, 1, 1, 1, 1}));
        SplitColumns train = rows(new float[] {1, 0}, new int[] {2, 3}, new int[] {5, 1}, new int[] {3, 4, 0, 2, 0, 0},
                new float[] {0.5f, -1.25f}, new int[] {0, 0, 7, 9, 0, 0, 0, 0}, new int[] {0, 0, 2, 3, 0, 0, 0, 0},
                new int[] {2, 0});
        SplitColumns valid = rows(new float[] {1}, new int[] {2}, new int[] {6}, new int[] {5, 6, 7},
                new float[] {3e10f}, new int[] {9, 8, 7, 6}, new int[] {4, 3, 2, 7}, new int[] {4});
        SplitColumns test = rows(new float[0], new int[0], new int[0], new int[0], new float[0], new int[0], new int[0],
                new int[0]);
        Map<Split, SplitColumns> splits = new EnumMap<>(Split.class);
        splits.put(Split.TRAIN, train);
        splits.put(Split.VALID, valid);
        splits.put(Split.TEST, test);
        return new SampleSet(new StoreInfo("tiny", "hand-written", "none", HISTORY, "2026-01-01T00:00:00Z"), schema(),
                vocabularies, splits);
    }

    private static SplitColumns rows(float[] labels, int[] users, int[] items, int[] genres, float[] prices,
                                     int[] histItems, int[] histGenres, int[] lengths) {
        int rows = labels.length;
        SplitColumns columns = new SplitColumns(rows);
        columns.put(Columns.LABEL, new Column.Floats(labels, 1));
        columns.put("user_id", new Column.Ints(users, 1));
        columns.put("item_id", new Column.Ints(items, 1));
        columns.put("genres", new Column.Ints(genres, GENRE_WIDTH));
        columns.put("price", new Column.Floats(prices, 1));
        columns.put("hist_item", new Column.Ints(histItems, HISTORY));
        columns.put("hist_genre", new Column.Ints(histGenres, HISTORY));
        columns.put(Schema.lengthColumn("history"), new Column.Ints(lengths, 1));
        columns.put(Columns.USER, new Column.Ints(users.clone(), 1));
        columns.put(Columns.ITEM, new Column.Ints(items.clone(), 1));
        columns.put(Columns.TIMESTAMP, new Column.Longs(new long[rows]));
        columns.put(Columns.RATING, new Column.Floats(labels.clone(), 1));
        return columns;
    }

    private static Vocabulary vocabulary(String name, int size, Random random) {
        List<String> values = new ArrayList<>();
        long[] counts = new long[size];
        for (int i = 0; i < size; i++) {
            values.add(name.equals("genres") ? "genre" + i : Integer.toString(i + 1));
            counts[i] = 1 + random.nextInt(1000);
        }
        return new Vocabulary(name, values, counts);
    }

    /** Ids are drawn from 1 (OOV) to the vocabulary's last id, so OOV ids occur too. */
    private static SplitColumns split(int rows, Random random) {
        float[] labels = new float[rows];
        int[] users = new int[rows];
        int[] items = new int[rows];
        int[] genres = new int[rows * GENRE_WIDTH];
        float[] prices = new float[rows];
        int[] histItems = new int[rows * HISTORY];
        int[] histGenres = new int[rows * HISTORY];
        int[] lengths = new int[rows];
        int[] metaUsers = new int[rows];
        int[] metaItems = new int[rows];
        long[] times = new long[rows];
        float[] ratings = new float[rows];
        for (int row = 0; row < rows; row++) {
            labels[row] = random.nextInt(3) == 0 ? 1f : 0f;
            users[row] = 1 + random.nextInt(USERS + 1);
            items[row] = 1 + random.nextInt(ITEMS + 1);
            int genreCount = 1 + random.nextInt(GENRE_WIDTH);
            for (int j = 0; j < genreCount; j++) {
                genres[row * GENRE_WIDTH + j] = 2 + random.nextInt(GENRES);
            }
            prices[row] = switch (row % 5) {
                case 0 -> 0.1f;
                case 1 -> -3.5e-7f;
                case 2 -> 1e10f;
                case 3 -> Float.MIN_VALUE;
                default -> random.nextFloat() * 100 - 50;
            };
            lengths[row] = random.nextInt(HISTORY + 1);
            for (int step = HISTORY - lengths[row]; step < HISTORY; step++) {
                histItems[row * HISTORY + step] = 1 + random.nextInt(ITEMS + 1);
                histGenres[row * HISTORY + step] = 1 + random.nextInt(GENRES + 1);
            }
            metaUsers[row] = 1000 + users[row];
            metaItems[row] = 5000 + items[row];
            times[row] = 880_000_000L + random.nextInt(1_000_000);
            ratings[row] = labels[row] == 1f ? 4 + random.nextInt(2) : 1 + random.nextInt(3);
        }
        SplitColumns columns = new SplitColumns(rows);
        columns.put(Columns.LABEL, new Column.Floats(labels, 1));
        columns.put("user_id", new Column.Ints(users, 1));
        columns.put("item_id", new Column.Ints(items, 1));
        columns.put("genres", new Column.Ints(genres, GENRE_WIDTH));
        columns.put("price", new Column.Floats(prices, 1));
        columns.put("hist_item", new Column.Ints(histItems, HISTORY));
        columns.put("hist_genre", new Column.Ints(histGenres, HISTORY));
        columns.put(Schema.lengthColumn("history"), new Column.Ints(lengths, 1));
        columns.put(Columns.USER, new Column.Ints(metaUsers, 1));
        columns.put(Columns.ITEM, new Column.Ints(metaItems, 1));
        columns.put(Columns.TIMESTAMP, new Column.Longs(times));
        columns.put(Columns.RATING, new Column.Floats(ratings, 1));
        return columns;
    }
}
