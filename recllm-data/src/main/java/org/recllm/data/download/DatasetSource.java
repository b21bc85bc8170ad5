package org.recllm.data.download;

import java.net.URI;

/**
 * Where a public dataset archive lives and how to recognise the right bytes.
 *
 * @param sizeBytes  the archive's size, or -1 where it is not pinned (the MD5 still is)
 * @param archiveMd5 the MD5 GroupLens publishes beside the archive
 * @param folder     the folder inside the zip that holds the dataset's files
 */
public record DatasetSource(String dataset, URI url, long sizeBytes, String archiveMd5, String folder) {

    /** The registry of downloadable datasets, by CLI name. */
    public static DatasetSource of(String dataset) {
        return switch (dataset) {
            case "ml-100k" -> new DatasetSource(dataset,
                    URI.create("https://files.grouplens.org/datasets/movielens/ml-100k.zip"),
                    4_924_029L, "0e33842e24a9c977be4e0107933c0723", "ml-100k");
            case "ml-1m" -> new DatasetSource(dataset,
                    URI.create("https://files.grouplens.org/datasets/movielens/ml-1m.zip"),
                    -1L, "c4d9eecfca2ab87c1945afe126590906", "ml-1m");
            case "log" -> throw new IllegalArgumentException("an interaction log is your own data: pass --data DIR with "
                    + "its interactions.csv (and items.csv, users.csv)");
            default -> throw new IllegalArgumentException("RecLLM does not download " + dataset
                    + " (its archive changes over time, so no fixed checksum exists); pass --data DIR with an unpacked copy");
        };
    }
}
