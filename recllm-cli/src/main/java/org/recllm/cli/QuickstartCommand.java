package org.recllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.train.MeanStd;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.Trainer;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.store.SampleStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm quickstart}: ML-100K → ML100K-U1 sample store → CTR backbones → result table. Later stages
 * (knowledge augmentation) extend it.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Prepare ML-100K by the ML100K-U1 protocol, train CTR backbones and print test AUC and LogLoss.")
final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Unpacked ML-100K folder. Without it, ML-100K is downloaded once (checksum-verified) into the cache.")
    Path data;

    @Option(names = "--work", defaultValue = "recllm-work", paramLabel = "DIR",
            description = "Folder for the sample store and reports. Default: ${DEFAULT-VALUE}.")
    Path work;

    @Option(names = "--models", defaultValue = "deepfm", split = ",",
            description = "Backbones to train, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<String> models;

    @Option(names = "--seeds", defaultValue = "1", description = "Training seeds per backbone. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (seeds < 1) {
            throw new BadInputException("--seeds", 0, null, "expected at least 1, got " + seeds);
        }
        List<ModelSpec> specs = models.stream().map(ModelZoo::spec).toList();
        DatasetOptions source = new DatasetOptions();
        source.dataset = "ml-100k";
        source.data = data;
        Path samples = work.resolve("samples").resolve(Ml100kU1Protocol.NAME);
        var stats = Preparation.prepare(source, Ml100kU1Protocol.NAME, 20, samples);
        var out = spec.commandLine().getOut();
        out.println(Preparation.describe(stats, samples));
        TextTable table = new TextTable("model", "seeds", "test AUC", "test LogLoss", "best epochs", "train samples/s");
        try (SampleStore store = SampleStore.open(samples)) {
            FeatureLayout layout = FeatureLayout.of(store);
            Trainer trainer = new Trainer(store, layout, TrainConfig.defaults());
            for (ModelSpec model : specs) {
                List<SeedResult> results = new ArrayList<>();
                for (int seed = 1; seed <= seeds; seed++) {
                    results.add(trainer.train(model.build(layout, seed), seed, model.name() + " seed " + seed));
                }
                table.add(model.name(), seeds, MeanStd.format(values(results, SeedResult::testAuc)),
                        MeanStd.format(values(results, SeedResult::testLogLoss)),
                        results.stream().map(r -> Integer.toString(r.bestEpoch())).toList(),
                        String.format(Locale.ROOT, "%,.0f", MeanStd.mean(values(results, SeedResult::trainSamplesPerSecond))));
            }
        }
        out.println("ML100K-U1 test results (protocol: shared/BENCHMARK.md; mean ± std over seeds)\n");
        out.print(table.render());
        return 0;
    }

    private static double[] values(List<SeedResult> results, java.util.function.ToDoubleFunction<SeedResult> metric) {
        return results.stream().mapToDouble(metric).toArray();
    }
}
