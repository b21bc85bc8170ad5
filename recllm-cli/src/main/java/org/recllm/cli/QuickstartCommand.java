package org.recllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.baseline.BaselineTraining;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.store.SampleStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm quickstart}: ML-100K → ML100K-U1 sample store → baseline CTR model → result table. Later stages
 * (knowledge, the model zoo) extend it.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Prepare ML-100K by the ML100K-U1 protocol, train the baseline and print test AUC and LogLoss.")
final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Unpacked ML-100K folder. Without it, ML-100K is downloaded once (checksum-verified) into the cache.")
    Path data;

    @Option(names = "--work", defaultValue = "recllm-work", paramLabel = "DIR",
            description = "Folder for the sample store and reports. Default: ${DEFAULT-VALUE}.")
    Path work;

    @Option(names = "--seeds", defaultValue = "3", description = "Training seeds. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (seeds < 1) {
            throw new BadInputException("--seeds", 0, null, "expected at least 1, got " + seeds);
        }
        DatasetOptions source = new DatasetOptions();
        source.dataset = "ml-100k";
        source.data = data;
        Path samples = work.resolve("samples").resolve(Ml100kU1Protocol.NAME);
        var stats = Preparation.prepare(source, Ml100kU1Protocol.NAME, 20, samples);
        var out = spec.commandLine().getOut();
        out.println(Preparation.describe(stats, samples));
        List<BaselineTraining.Result> results = new ArrayList<>();
        try (SampleStore store = SampleStore.open(samples)) {
            for (int seed = 1; seed <= seeds; seed++) {
                results.add(BaselineTraining.run(store, BaselineTraining.Config.defaults(), seed));
            }
        }
        TextTable table = new TextTable("model", "seed", "best epoch", "valid AUC", "test AUC", "test LogLoss", "train samples/s");
        for (BaselineTraining.Result r : results) {
            table.add("lr (baseline)", r.seed(), r.bestEpoch(), f4(r.validAuc()), f4(r.testAuc()), f4(r.testLogLoss()),
                    String.format(Locale.ROOT, "%,.0f", r.trainSamplesPerSecond()));
        }
        double[] auc = results.stream().mapToDouble(BaselineTraining.Result::testAuc).toArray();
        double[] logLoss = results.stream().mapToDouble(BaselineTraining.Result::testLogLoss).toArray();
        out.println("ML100K-U1 test results (protocol: shared/BENCHMARK.md)\n");
        out.print(table.render());
        out.printf(Locale.ROOT, "%nmean over %d seeds: test AUC %s, test LogLoss %s%n", seeds, Stats.meanStd(auc), Stats.meanStd(logLoss));
        return 0;
    }

    private static String f4(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
