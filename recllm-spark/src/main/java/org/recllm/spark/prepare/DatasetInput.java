package org.recllm.spark.prepare;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.Duplicates;
import org.recllm.data.dataset.MovieLens100k;
import picocli.CommandLine.Option;

/** The dataset a Spark job reads: its format and folder ({@code --dataset}, {@code --data}). */
final class DatasetInput {
    @Option(names = "--dataset", defaultValue = MovieLens100k.NAME, paramLabel = "NAME",
            description = "Dataset format: ml-100k (u.data, u.item, u.user, u.genre; u1.base/u1.test for ml100k-u1) or "
                    + "log (interactions, optional items and users, each NAME.csv or NAME.parquet; docs/protocols.md). "
                    + "Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The dataset folder.")
    Path data;

    @Option(names = "--duplicates", defaultValue = "error", paramLabel = "POLICY",
            description = "A rating repeated for the same user, item and time: error (report both lines) or keep-last "
                    + "(keep the later row). Default: ${DEFAULT-VALUE}.")
    String duplicates;

    /** Refuses a format no source reads, or a policy that does not exist, before a session starts. */
    void requireFormat() {
        RatingSource.requireFormat(dataset);
        policy();
    }

    Duplicates policy() {
        return Duplicates.parse(duplicates).orElseThrow(() -> new BadInputException("--duplicates", 0, null,
                "expected error or keep-last, got '" + duplicates + "'"));
    }

    RatingSource open(SparkSession session, int partitions) {
        return RatingSource.open(session, dataset, data, partitions, policy());
    }
}
