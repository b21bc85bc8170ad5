package org.recllm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.recllm.core.io.BadInputException;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.train.RunJournal;
import org.recllm.ctr.train.TrainingRuns;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.experiment.KarExperiment;
import org.recllm.knowledge.experiment.KarReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm experiment kar}: each backbone trained without and with knowledge on the same seeds and budget; one
 * table (AUC, LogLoss, gain, gain/std) as JSON, markdown and a PNG bar chart, plus the gain by item popularity.
 */
@Command(name = "kar", mixinStandardHelpOptions = true,
        description = "Train backbones with and without knowledge on the same seeds; write REPORT.json, .md and .png. "
                + "Needs --knowledge STORE (or knowledge.store in --config).")
final class ExperimentKarCommand implements Callable<Integer> {
    static final String DEFAULT_MODELS = "deepfm,dcnv2,autoint,din";
    static final int DEFAULT_SEEDS = 5;

    @Option(names = "--models", split = ",", paramLabel = "NAME",
            description = "Backbones. Default: " + DEFAULT_MODELS + " (or the models of --config).")
    List<String> models;

    @Option(names = "--report", required = true, paramLabel = "FILE.json", description = "Report; .md and .png are written beside it.")
    Path report;

    @Mixin
    ExperimentOptions experiment;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (experiment.knowledge.source(experiment.file()) == null) {
            throw new BadInputException("--knowledge", 0, null, "the experiment compares runs with knowledge: give --knowledge STORE");
        }
        ExperimentOptions.Setup setup = experiment.setup(models, "--models", List.of(DEFAULT_MODELS.split(",")),
                DEFAULT_SEEDS, report);
        var out = spec.commandLine().getOut();
        out.println("training " + setup.specs().stream().map(ModelSpec::name).toList() + " without and with knowledge: "
                + TrainingSummary.of(setup.config()) + ", " + setup.seeds() + " seed(s)");
        KarReport result;
        try (SampleStore store = SampleStore.openVerified(setup.samples());
             RunJournal journal = experiment.openJournal(setup.journal(), out)) {
            var assembled = KnowledgeOptions.assemble(setup.source(), store, out);
            TrainingRuns runs = new TrainingRuns(store, journal, message -> TrainCommand.logLine(out, message));
            result = KarExperiment.run(store, setup.samples().toString(), assembled.inputs(), setup.adaptor(),
                    KnowledgeOptions.describe(setup.source(), setup.adaptor()), setup.specs(), setup.seeds(), setup.config(),
                    runs);
        }
        KarOutputs.write(result, report);
        KarOutputs.print(out, report, result.table(), result.popularityTable(), result.userActivityTable());
        return 0;
    }
}
