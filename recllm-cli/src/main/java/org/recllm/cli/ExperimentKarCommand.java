package org.recllm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.experiment.KarExperiment;
import org.recllm.knowledge.experiment.KarReport;
import org.recllm.knowledge.experiment.RunJournal;
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

    @Option(names = "--journal", paramLabel = "FILE.jsonl",
            description = "Finished runs, appended as they finish; a rerun resumes from it, and experiments sharing it "
                    + "share equal runs (e.g. one baseline for several ablations). Default: REPORT.runs.jsonl.")
    Path journal;

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
        KarReport result;
        Path journalFile = journal != null ? journal : KarOutputs.journalBeside(report);
        try (SampleStore store = SampleStore.open(samples); RunJournal runs = RunJournal.open(journalFile)) {
            if (runs.size() > 0) {
                out.println(journalFile + ": " + runs.size() + " finished run(s) are reused where their key matches");
            }
            result = KarExperiment.run(store, samples.toString(), knowledge.config(store, out), knowledge.describe(), specs,
                    seeds, config, runs);
        }
        KarOutputs.write(result, report, seeds);
        out.print(result.table().render());
        out.println();
        out.print(result.popularityTable().render());
        String base = KarOutputs.baseName(report);
        out.println("\nwritten: " + report + ", " + base + ".md, " + base + ".png");
        return 0;
    }
}
