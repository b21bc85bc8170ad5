package org.recllm.data.dataset;

import org.recllm.core.io.BadInputException;

/** A rating that repeats an earlier row's user, item and time; the error names both lines. */
public final class DuplicateRatingException extends BadInputException {
    private final long firstLine;

    DuplicateRatingException(String source, long line, long firstLine, String problem) {
        super(source, line, null, problem);
        this.firstLine = firstLine;
    }

    /** {@code second} (on line {@code line}) repeats {@code first}'s user, item and time (line {@code firstLine}). */
    public static DuplicateRatingException of(String source, long firstLine, Rating first, long line, Rating second) {
        String what = "user " + second.userId() + " rated item " + second.itemId() + " at " + second.timestamp();
        String problem = first.value() == second.value()
                ? "repeats line " + firstLine + ": " + what + " twice"
                : "conflicts with line " + firstLine + ": " + what + " " + stars(first) + " there and " + stars(second)
                        + " here";
        return new DuplicateRatingException(source, line, firstLine, problem);
    }

    private static String stars(Rating rating) {
        float value = rating.value();
        return value == Math.rint(value) ? Integer.toString((int) value) : Float.toString(value);
    }

    /** The line of the earlier row the reported one repeats. */
    public long firstLine() {
        return firstLine;
    }
}
