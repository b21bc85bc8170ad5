package org.recllm.data.dataset;

import org.recllm.core.io.BadInputException;
import org.recllm.core.io.TextLines;

/**
 * Splits one line of a delimiter-separated file (tab, pipe, "::") into exactly the fields its format names, and
 * parses them, with errors that name file, line and field.
 */
final class DelimitedFields {
    /** The longest field of these formats is a title or URL of a few hundred characters; far more is damage. */
    static final int MAX_FIELD_CHARS = 8192;

    private final TextLines in;
    private final String source;
    private final String delimiter;
    private final String[] names;
    private final String[] values;
    private long lineNumber;

    DelimitedFields(TextLines in, String delimiter, String... names) {
        this(in, in.source(), delimiter, names);
    }

    /** Fields of lines read elsewhere (by a cluster job), given one at a time to {@link #parse}; errors name {@code source}. */
    DelimitedFields(String source, String delimiter, String... names) {
        this(null, source, delimiter, names);
    }

    private DelimitedFields(TextLines in, String source, String delimiter, String... names) {
        this.in = in;
        this.source = source;
        this.delimiter = delimiter;
        this.names = names;
        this.values = new String[names.length];
    }

    /** Reads the next non-blank line into the fields; false at the end of the file. */
    boolean next() {
        String line;
        do {
            line = in.next();
            if (line == null) {
                return false;
            }
        } while (line.isBlank());
        parse(in.lineNumber(), line);
        return true;
    }

    /** Splits line {@code number} (1-based) into the fields. */
    void parse(long number, String line) {
        lineNumber = number;
        int start = 0;
        for (int i = 0; i < names.length; i++) {
            int end = i == names.length - 1 ? line.length() : line.indexOf(delimiter, start);
            if (end < 0) {
                throw error(null, "expected " + names.length + " fields separated by '" + printable(delimiter)
                        + "' (" + String.join(", ", names) + "), found " + (i + 1));
            }
            if (end - start > MAX_FIELD_CHARS) {
                throw error(names[i], "longer than " + MAX_FIELD_CHARS + " characters (" + (end - start)
                        + "); expected a short value");
            }
            values[i] = line.substring(start, end);
            start = end + delimiter.length();
        }
        if (names.length > 0 && values[names.length - 1].contains(delimiter)) {
            throw error(null, "expected " + names.length + " fields separated by '" + printable(delimiter)
                    + "' (" + String.join(", ", names) + "), found more");
        }
    }

    /** The line the fields were read from. */
    long line() {
        return lineNumber;
    }

    String text(int field) {
        return values[field];
    }

    int integer(int field) {
        String value = values[field];
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw error(names[field], "expected an integer, got '" + value + "'");
        }
    }

    long timestamp(int field) {
        String value = values[field];
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw error(names[field], "expected a Unix timestamp in seconds, got '" + value + "'");
        }
        if (parsed < 0) {
            throw error(names[field], "expected a non-negative Unix timestamp, got " + parsed);
        }
        return parsed;
    }

    /** An integer star rating in [1, 5], as ML-100K and ML-1M have. */
    float wholeStarRating(int field) {
        int stars = integer(field);
        if (stars < 1 || stars > 5) {
            throw error(names[field], "rating " + stars + " is out of range; expected an integer from 1 to 5");
        }
        return stars;
    }

    /** A 0/1 flag. */
    boolean flag(int field) {
        String value = values[field].strip();
        return switch (value) {
            case "0" -> false;
            case "1" -> true;
            default -> throw error(names[field], "expected 0 or 1, got '" + value + "'");
        };
    }

    RuntimeException error(int field, String problem) {
        return error(names[field], problem);
    }

    private BadInputException error(String field, String problem) {
        return new BadInputException(source, lineNumber, field, problem);
    }

    private static String printable(String delimiter) {
        return delimiter.equals("\t") ? "\\t" : delimiter;
    }
}
