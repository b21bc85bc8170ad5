package org.recllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.core.report.BarChart;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.Trainer;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.experiment.KarReport;
import org.recllm.knowledge.experiment.PopularityBreakdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm experiment kar}: each backbone trained without and with knowledge on the same seeds and budget; one
 * table (AUC, LogLoss, gain, gain/std) as JSON, markdown and a PNG bar chart, plus the gain by item popularity.
 */
@Command(name = "kar", mixinStandardHelpOptions = true,
        description = "Train backbones with and without knowledge on the same seeds; write REPORT.json, .md and .png.")
final class ExperimentKarCommand implements Callable<Integer> {
    @Option(names = "--samples", required = true, paramLabel = "DIR", description = "Sample store.")
    Path samples;

    @Option(names = "--models", defaultValue = "deepfm,dcnv2,autoint,din", split = ",", description = "Backbones. Default: ${DEFAULT-VALUE}.")
    List<String> models;

    @Option(names = "--seeds", defaultValue = "5", description = "Seeds 1..N for both arms. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--epochs", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "1024", description = "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--report", required = true, paramLabel = "FILE.json", description = "Report; .md and .png are written beside it.")
    Path report;

    @Mixin
    KnowledgeOptions knowledge;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!knowledge.present()) {
            throw new BadInputException("--knowledge", 0, null, "the experiment compares runs with knowledge: give --knowledge STORE");
        }
        if (seeds < 1) {
            throw new BadInputException("--seeds", 0, null, "expected at least 1, got " + seeds);
        }
        List<ModelSpec> specs = models.stream().map(ModelZoo::spec).toList();
        var out = spec.commandLine().getOut();
        TrainConfig config = new TrainConfig(epochs, batch, OptimizerConfig.adam(learningRate), 2, true);
        List<KarReport.Run> runs = new ArrayList<>();
        KarReport result;
        try (SampleStore store = SampleStore.open(samples)) {
            FeatureLayout plain = FeatureLayout.of(store);
            FeatureLayout augmented = plain.withKnowledge(knowledge.config(store, out));
            PopularityBreakdown breakdown = new PopularityBreakdown(store, "item_id");
            for (ModelSpec model : specs) {
                List<SeedResult> without = new ArrayList<>();
                List<SeedResult> with = new ArrayList<>();
                for (int seed = 1; seed <= seeds; seed++) {
                    without.add(new Trainer(store, plain, config).train(model.build(plain, seed), seed, model.name() + " seed " + seed));
                    with.add(new Trainer(store, augmented, config).train(model.build(augmented, seed), seed,
                            model.name() + "+knowledge seed " + seed));
                }
                runs.add(KarReport.Run.of(model.name(), KarReport.Side.of(without, breakdown), KarReport.Side.of(with, breakdown)));
            }
            result = new KarReport(store.info().protocol(), samples.toString(), knowledge.describe(), runs,
                    PopularityBreakdown.labels(), breakdown.rowsPerBucket());
        }
        String base = report.getFileName().toString().replaceFirst("\\.json$", "");
        AtomicFiles.writeJson(report, result);
        String markdown = "# KAR on " + samples + " (" + result.protocol() + ")\n\nKnowledge: " + result.knowledge() + "\n\n"
                + result.table().markdown() + "\nTest AUC by the item's training ratings (without → with):\n\n"
                + result.popularityTable().markdown();
        AtomicFiles.writeString(report.resolveSibling(base + ".md"), markdown);
        BarChart.png(report.resolveSibling(base + ".png"), "Test AUC without and with knowledge (mean ± std, "
                + seeds + " seeds)", "test AUC", models, List.of(
                new BarChart.Series("without knowledge", runs.stream().mapToDouble(r -> r.without().testAucMean()).toArray(),
                        runs.stream().mapToDouble(r -> r.without().testAucStd()).toArray()),
                new BarChart.Series("with knowledge", runs.stream().mapToDouble(r -> r.with().testAucMean()).toArray(),
                        runs.stream().mapToDouble(r -> r.with().testAucStd()).toArray())));
        out.print(result.table().render());
        out.println();
        out.print(result.popularityTable().render());
        out.println("\nwritten: " + report + ", " + base + ".md, " + base + ".png");
        return 0;
    }
}
