package org.recllm.spark.prepare;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.data.samples.HistorySpec;
import org.recllm.data.samples.MovieLensFeatures;
import org.recllm.data.store.StoreStats;
import org.recllm.data.store.WrittenStore;
import org.recllm.spark.SparkOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code recllm spark prepare}: {@code data prepare} as Spark jobs, writing the same sample store. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Prepare samples from an ML-100K-format folder or an interaction log (CSV or Parquet tables), of "
                + "any size, with Spark: the same protocols, schema and store as data prepare.")
public final class SparkPrepareCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark;

    @Mixin
    DatasetInput input;

    @Option(names = "--protocol", defaultValue = "ml100k-u1", paramLabel = "NAME",
            description = "Evaluation protocol: ml100k-u1 or time (shared/BENCHMARK.md). Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--history", defaultValue = "" + MovieLensFeatures.DEFAULT_HISTORY_LENGTH, paramLabel = "N",
            description = "Behaviour-sequence length. Default: ${DEFAULT-VALUE}.")
    int history;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Sample store to write.")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        input.requireFormat();
        HistorySpec.requireLength(history);
        long started = System.nanoTime();
        spark.run("prepare", session -> {
            WrittenStore written = new DistributedPreparation(session, spark.partitions(session), System.err)
                    .prepare(input.dataset, input.data, input.policy(), protocol, history, out);
            written.warnings().forEach(warning -> System.err.println("warning: " + warning));
            StoreStats stats = written.stats();
            long rows = stats.splits().values().stream().mapToLong(StoreStats.SplitStats::rows).sum();
            double seconds = (System.nanoTime() - started) / 1e9;
            spec.commandLine().getOut().printf(Locale.ROOT, "sample store %s (%s, protocol %s, master %s): %,d rows in "
                    + "%.1f s (%,.0f rows/s)%n", out, stats.info().dataset(), stats.info().protocol(),
                    session.sparkContext().master(), rows, seconds, rows / seconds);
            return rows;
        });
        return 0;
    }
}
