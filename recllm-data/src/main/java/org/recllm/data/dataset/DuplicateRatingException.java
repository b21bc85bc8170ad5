package org.recllm.data.dataset;

import org.recllm.core.io.BadInputException;

/** A rating that repeats an earlier row's user, item and time; the error names both lines. */
public final class DuplicateRatingException extends BadInputException {
    private final long firstLine;

    DuplicateRatingException(String source, long line, long firstLine, String problem) {
        super(source, line, null, problem);
        this.firstLine = firstLine;
    }

    /** The line of the earlier row the reported one repeats. */
    public long firstLine() {
        return firstLine;
    }
}
