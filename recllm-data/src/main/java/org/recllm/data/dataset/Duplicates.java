package org.recllm.data.dataset;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a reader does with a rating given twice for the same user, item and time: a copied row or a conflicting
 * re-rating usually means a damaged or concatenated file, so by default it is an error.
 */
public enum Duplicates {
    /** Report the second row with both line numbers. */
    ERROR("error"),
    /** Keep the row that comes last in the file, as a log replayed in order would. */
    KEEP_LAST("keep-last");

    private final String label;

    Duplicates(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Duplicates> parse(String label) {
        return Arrays.stream(values()).filter(d -> d.label.equals(label)).findFirst();
    }
}
