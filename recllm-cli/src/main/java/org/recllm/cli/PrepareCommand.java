package org.recllm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.data.dataset.DuplicateRatingException;
import org.recllm.data.dataset.Duplicates;
import org.recllm.data.samples.HistorySpec;
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
            description = "Behaviour-sequence length, 0 (none) to " + HistorySpec.MAX_LENGTH + ". Default: ${DEFAULT-VALUE}.")
    int history;

    @Option(names = "--duplicates", defaultValue = "error", paramLabel = "POLICY",
            description = "A rating repeated for the same user, item and time: error (report both lines) or keep-last "
                    + "(keep the later row). Default: ${DEFAULT-VALUE}.")
    String duplicates;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.requireWritableFolder(out, "--out");
        Duplicates policy = Duplicates.parse(duplicates).orElseThrow(() -> new BadInputException("--duplicates", 0, null,
                "expected error or keep-last, got '" + duplicates + "'"));
        StoreStats stats;
        try {
            stats = Preparation.prepare(dataset, protocol, history, policy, out);
        } catch (DuplicateRatingException e) {
            throw new UserFacingException(e.getMessage() + " (--duplicates keep-last keeps the later row)", e);
        }
        spec.commandLine().getOut().print(Preparation.describe(stats, out));
        return 0;
    }
}
