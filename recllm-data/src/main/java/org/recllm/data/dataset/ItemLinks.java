package org.recllm.data.dataset;

/** Identifiers of an item in other catalogues (MovieLens "latest" links.csv); tmdbId is null when missing. */
public record ItemLinks(int itemId, String imdbId, Integer tmdbId) {}
