package org.recllm.data.samples;

import java.util.List;
import java.util.function.Function;
import org.recllm.core.io.BadInputException;

/**
 * The behaviour sequence of a sample: the user's latest {@code length} earlier ratings, each described by
 * {@code elements} (e.g. item id, first genre, label), left-padded and masked.
 */
public record HistorySpec(String group, int length, List<Element> elements) {
    /**
     * The longest sequence: far above the 20 to 200 steps sequence models use, while every row of a store holds
     * {@code length} ids per element, so a typo like 100000 would otherwise ask for tens of gigabytes before failing.
     */
    public static final int MAX_LENGTH = 1000;

    /**
     * A behaviour-sequence length as the {@code --history} option gives it (0: no sequence), within what a store can
     * hold; checked before any data is read.
     */
    public static void requireLength(int length) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new BadInputException("--history", 0, null, "expected a length from 0 to " + MAX_LENGTH + ", got "
                    + length);
        }
    }

    public HistorySpec {
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("history length must be from 1 to " + MAX_LENGTH + ", got " + length);
        }
        elements = List.copyOf(elements);
    }

    /**
     * One field of each history step; its vocabulary is one a row feature (or the label) defines, and
     * {@code alignedWith} names the row feature whose values it holds for earlier items (null when none does).
     */
    public record Element(String name, String vocabulary, String alignedWith, Function<RowContext, String> value) {}
}
