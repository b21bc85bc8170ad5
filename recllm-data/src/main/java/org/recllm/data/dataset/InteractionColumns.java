package org.recllm.data.dataset;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.recllm.core.io.BadInputException;

/**
 * Where the four columns of an interaction log ({@code user_id, item_id, rating, timestamp}, in any order, other
 * columns ignored) sit in its lines, from the header, and the parsing of one line or one row into a {@link Rating} with the checks and errors every
 * reader of the format shares (the local reader, and a cluster job that reads the lines or a Parquet table in parts).
 */
public record InteractionColumns(int user, int item, int rating, int timestamp, int count) implements Serializable {
    public static final String USER_ID = "user_id";
    public static final String ITEM_ID = "item_id";
    public static final String RATING = "rating";
    public static final String TIMESTAMP = "timestamp";
    public static final List<String> NAMES = List.of(USER_ID, ITEM_ID, RATING, TIMESTAMP);
    private static final char SEPARATOR = ',';

    /** The columns of {@code header}, the file's first line. */
    public static InteractionColumns of(String source, String header) {
        if (header == null) {
            throw new BadInputException(source, 1, null, "the file is empty; expected a header line "
                    + String.join(",", NAMES));
        }
        List<String> names = Arrays.stream(strippedOfByteOrderMark(header).split(",", -1)).map(String::strip).toList();
        if (names.stream().distinct().count() < names.size()) {
            throw new BadInputException(source, 1, null, "the header names a column twice: " + names);
        }
        return of(source, 1, names);
    }

    /** The columns of a table whose column names are {@code names}; errors name line {@code line} of {@code source}. */
    public static InteractionColumns of(String source, long line, List<String> names) {
        int[] positions = new int[NAMES.size()];
        for (int i = 0; i < NAMES.size(); i++) {
            positions[i] = names.indexOf(NAMES.get(i));
            if (positions[i] < 0) {
                throw new BadInputException(source, line, NAMES.get(i), "missing column; the table has " + names
                        + ", expected " + NAMES + " in any order");
            }
        }
        return new InteractionColumns(positions[0], positions[1], positions[2], positions[3], names.size());
    }

    /** The rating on line {@code line} ({@code text}, not blank); users and items are checked when the sets are given. */
    public Rating parse(String source, long line, String text, Set<Integer> users, Set<Integer> items) {
        String[] values = new String[count];
        int start = 0;
        for (int i = 0; i < count; i++) {
            int end = i == count - 1 ? text.length() : text.indexOf(SEPARATOR, start);
            if (end < 0 || (i == count - 1 && text.indexOf(SEPARATOR, start) >= 0)) {
                throw new BadInputException(source, line, null, "expected " + count
                        + " comma-separated fields as in the header, found " + (end < 0 ? i + 1 : "more"));
            }
            values[i] = text.substring(start, end);
            start = end + 1;
        }
        return rating(source, line, values[user], values[item], values[rating], values[timestamp], users, items);
    }

    /**
     * The rating of one row given as the text of its four values (a null value is a missing one); users and items are
     * checked when the sets are given.
     */
    public static Rating rating(String source, long line, String user, String item, String rating, String timestamp,
                                Set<Integer> users, Set<Integer> items) {
        int userId = integer(source, line, USER_ID, user);
        int itemId = integer(source, line, ITEM_ID, item);
        if (users != null && !users.contains(userId)) {
            throw new BadInputException(source, line, USER_ID, "user " + userId + " is not in the users table");
        }
        if (items != null && !items.contains(itemId)) {
            throw new BadInputException(source, line, ITEM_ID, "item " + itemId + " is not in the items table");
        }
        float value;
        try {
            value = Float.parseFloat(present(source, line, RATING, rating).strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(source, line, RATING, "expected a number, got '" + rating + "'");
        }
        if (!Float.isFinite(value)) {
            throw new BadInputException(source, line, RATING, "expected a finite number, got '" + rating + "'");
        }
        long seconds;
        try {
            seconds = Long.parseLong(present(source, line, TIMESTAMP, timestamp).strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(source, line, TIMESTAMP, "expected a Unix timestamp in seconds, got '"
                    + timestamp + "'");
        }
        if (seconds < 0) {
            throw new BadInputException(source, line, TIMESTAMP, "expected a non-negative Unix timestamp, got " + seconds);
        }
        return new Rating(userId, itemId, value, seconds);
    }

    static int integer(String source, long line, String column, String value) {
        try {
            return Integer.parseInt(present(source, line, column, value).strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(source, line, column, "expected an integer id, got '" + value + "'");
        }
    }

    private static String present(String source, long line, String column, String value) {
        if (value == null || value.isBlank()) {
            throw new BadInputException(source, line, column, "empty; every row needs its " + column);
        }
        return value;
    }

    private static String strippedOfByteOrderMark(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }
}
