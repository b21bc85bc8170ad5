package org.recllm.cli;

import java.nio.file.Path;
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

    @Option(names = "--verify", description = "Also re-read every column and check its SHA-256.")
    boolean verify;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (SampleStore store = SampleStore.open(samples)) {
            if (verify) {
                store.verify();
            }
            spec.commandLine().getOut().print(Preparation.describe(store.stats(), samples));
            if (verify) {
                spec.commandLine().getOut().println("\nall column checksums match");
            }
        }
        return 0;
    }
}
