package org.recllm.spark.prepare;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.Duplicates;
import org.recllm.data.dataset.InteractionLog;
import org.recllm.data.dataset.MovieLens100k;
import org.recllm.data.dataset.Rating;

/**
 * The ratings of a dataset as a distributed preparation reads them, every one checked as the local reader checks it
 * (a repeated one refused with both its lines), and the dataset's users and items, broadcast to executors.
 */
interface RatingSource {
    /** The users and items (no ratings), as executors receive them. */
    Broadcast<DatasetMetadata> metadata();

    /** Every rating, cached by the source: reading it again parses nothing. */
    JavaRDD<Rating> all();

    /** ML-100K's official split, u1.base and u1.test; an error naming the protocol for a dataset without one. */
    OfficialSplit official();

    record OfficialSplit(JavaRDD<Rating> base, JavaRDD<Rating> test) {}

    /**
     * The reader of format {@code dataset} ({@code ml-100k} or {@code log}) over the folder {@code data}; a rating
     * repeated for the same user, item and time follows {@code duplicates}.
     */
    static RatingSource open(SparkSession session, String dataset, Path data, int partitions, Duplicates duplicates) {
        requireFormat(dataset);
        return dataset.equals(MovieLens100k.NAME) ? MovieLensFolder.open(session, data, partitions, duplicates)
                : InteractionLogTables.open(session, data, partitions, duplicates);
    }

    /** True when the format has ML-100K's official split. */
    static boolean hasOfficialSplit(String dataset) {
        return dataset.equals(MovieLens100k.NAME);
    }

    /** Refuses a format no source reads, before any work. */
    static void requireFormat(String dataset) {
        if (!dataset.equals(MovieLens100k.NAME) && !dataset.equals(InteractionLog.NAME)) {
            throw new BadInputException("--dataset", 0, null, "spark prepare reads " + MovieLens100k.NAME + " (folders "
                    + "in its format, of any size) or " + InteractionLog.NAME + " (CSV or Parquet interaction logs), got '"
                    + dataset + "'");
        }
    }
}
