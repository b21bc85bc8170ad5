package org.recllm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recllm.data.store.StoreStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm data prepare}: a dataset and a protocol into a sample store with its stats.json. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Split a dataset by a protocol and write a sample store (plus stats.json).")
final class PrepareCommand implements Callable<Integer> {
    @Mixin
    DatasetOptions dataset;

    @Option(names = "--protocol", defaultValue = "ml100k-u1",
            description = "ml100k-u1 (ML-100K only) or time (global temporal 8:1:1). Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Sample store directory to write.")
    Path out;

    @Option(names = "--history", defaultValue = "20", paramLabel = "N",
            description = "Behaviour-sequence length (0 for none). Default: ${DEFAULT-VALUE}.")
    int history;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        StoreStats stats = Preparation.prepare(dataset, protocol, history, out);
        spec.commandLine().getOut().print(Preparation.describe(stats, out));
        return 0;
    }
}
