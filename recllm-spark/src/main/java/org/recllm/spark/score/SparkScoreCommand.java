package org.recllm.spark.score;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.spark.SparkOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm spark score}: a trained bundle over a candidate table, on Spark, to Parquet. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score every (user, item) row of a candidate table with a bundle (recllm train --save) on Spark, "
                + "as the scoring server would, and write the rows with a score column.")
public final class SparkScoreCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark;

    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "Bundle folder written by recllm train --save.")
    Path bundle;

    @Option(names = "--candidates", required = true, paramLabel = "TABLE",
            description = "Candidate table: Parquet, or CSV with a header (ends in .csv), with the bundle's user and item id columns.")
    String candidates;

    @Option(names = "--out", required = true, paramLabel = "TABLE",
            description = "Scored table to write: Parquet, or CSV with a header when it ends in .csv. Must not exist.")
    String out;

    @Option(names = "--max-candidates", defaultValue = "256", paramLabel = "N",
            description = "Candidates of one user scored in one request. Default: ${DEFAULT-VALUE}.")
    int maxCandidates;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (maxCandidates < 1 || maxCandidates > 65_536) {
            throw new BadInputException("--max-candidates", 0, null, "expected 1 to 65536, got " + maxCandidates);
        }
        long started = System.nanoTime();
        spark.run("score", session -> {
            long rows = new DistributedScoring(session, spark.partitions(session)).score(bundle, candidates, out, maxCandidates);
            double seconds = (System.nanoTime() - started) / 1e9;
            spec.commandLine().getOut().printf(Locale.ROOT, "scored %,d candidates into %s (master %s) in %.1f s "
                    + "(%,.0f rows/s)%n", rows, out, session.sparkContext().master(), seconds, rows / seconds);
            return rows;
        });
        return 0;
    }
}
