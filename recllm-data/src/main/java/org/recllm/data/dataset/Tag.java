package org.recllm.data.dataset;

/** A free-text tag a user put on an item (MovieLens "latest" tags.csv). */
public record Tag(int userId, int itemId, String tag, long timestamp) {}
