package org.recllm.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.data.store.SampleStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm data stats}: the summary of an existing store, optionally verifying its checksums. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Show a sample store's splits and vocabularies.")
final class StatsCommand implements Callable<Integer> {
    @Option(names = "--samples", required = true, paramLabel = "DIR", description = "Sample store to describe.")
    Path samples;

    @Option(names = "--verify", description = "Also check every column as training does: every id inside its vocabulary, "
            + "labels, and each column's SHA-256.")
    boolean verify;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        try (SampleStore store = verify ? SampleStore.openVerified(samples) : SampleStore.open(samples)) {
            double seconds = (System.nanoTime() - start) / 1e9;
            spec.commandLine().getOut().print(Preparation.describe(store.stats(), samples));
            if (verify) {
                spec.commandLine().getOut().printf(Locale.ROOT,
                        "%nall columns verified (ids inside their vocabularies, labels, checksums) in %.2f s%n", seconds);
            }
        }
        return 0;
    }
}
