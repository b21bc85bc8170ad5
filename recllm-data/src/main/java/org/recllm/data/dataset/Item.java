package org.recllm.data.dataset;

import java.io.Serializable;
import java.util.List;

/**
 * An item (a movie) with the metadata every MovieLens format has.
 *
 * @param year   release year, null when unknown
 * @param genres genres in the dataset's own order; the first is the item's "first genre"
 */
public record Item(int id, String title, Integer year, List<String> genres) implements Serializable {

    public Item {
        genres = List.copyOf(genres);
    }

    /** The first genre, or null for an item without any. */
    public String firstGenre() {
        return genres.isEmpty() ? null : genres.get(0);
    }

    /** The item's metadata as one sentence, for encoders when no LLM knowledge exists. */
    public String describe() {
        return title + ". Genres: " + String.join(", ", genres) + ". Released " + (year == null ? "unknown" : year) + ".";
    }
}
