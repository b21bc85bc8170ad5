package org.recllm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recllm.data.samples.HistorySpec;
import org.recllm.data.store.SampleStoreWriter;
import org.recllm.data.store.StoreStats;
import org.recllm.data.synth.SyntheticCtr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm data synth}: a Criteo-like sample store with a known best achievable AUC. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a synthetic Criteo-like sample store: a third of the fields numeric, the rest categorical with "
                + "Zipf-distributed values, labels drawn from a known model (so the best achievable AUC is known).")
final class SynthCommand implements Callable<Integer> {
    @Option(names = "--rows", required = true, description = "Rows in all splits together.")
    int rows;

    @Option(names = "--fields", defaultValue = "39", description = "Fields (a third numeric). Default: ${DEFAULT-VALUE}.")
    int fields;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the data and the ground truth. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--history", defaultValue = "0",
            description = "Length of a behaviour sequence hist_c01 of c01 values, for sequence models (0: none). Default: ${DEFAULT-VALUE}.")
    int history;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Sample store directory to write.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        HistorySpec.requireLength(history);
        Outputs.requireWritableFolder(out, "--out");
        StoreStats stats = Preparation.committed(SampleStoreWriter.write(out, new SyntheticCtr(rows, fields, seed, history).generate()));
        var print = spec.commandLine().getOut();
        print.print(Preparation.describe(stats, out));
        print.println("\nbest achievable test AUC (true probabilities): " + stats.info().properties().get("bayes_test_auc"));
        return 0;
    }
}
