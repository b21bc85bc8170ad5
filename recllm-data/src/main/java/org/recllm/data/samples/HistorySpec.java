package org.recllm.data.samples;

import java.util.List;
import java.util.function.Function;

/**
 * The behaviour sequence of a sample: the user's latest {@code length} earlier ratings, each described by
 * {@code elements} (e.g. item id, first genre, label), left-padded and masked.
 */
public record HistorySpec(String group, int length, List<Element> elements) {

    public HistorySpec {
        if (length < 1) {
            throw new IllegalArgumentException("history length must be at least 1, got " + length);
        }
        elements = List.copyOf(elements);
    }

    /**
     * One field of each history step; its vocabulary is one a row feature (or the label) defines, and
     * {@code alignedWith} names the row feature whose values it holds for earlier items (null when none does).
     */
    public record Element(String name, String vocabulary, String alignedWith, Function<RowContext, String> value) {}
}
