package org.recllm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.train.RunJournal;
import org.recllm.ctr.train.TrainingRuns;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.experiment.CtrlExperiment;
import org.recllm.knowledge.experiment.CtrlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm experiment ctrl}: each backbone plain and after CTRL's alignment on the same seeds and budget, and with
 * {@code --knowledge} also KAR and KAR + CTRL; tables as JSON and markdown, the gains over plain as a PNG.
 */
@Command(name = "ctrl", mixinStandardHelpOptions = true,
        description = "Train backbones plain and with CTRL's stage-1 alignment (and, with --knowledge, KAR and KAR + CTRL) "
                + "on the same seeds; write REPORT.json, .md and .png.")
final class ExperimentCtrlCommand implements Callable<Integer> {
    static final String DEFAULT_MODELS = "widedeep,deepfm,dcn,autoint";

    @Option(names = "--models", split = ",", paramLabel = "NAME",
            description = "Backbones. Default: " + DEFAULT_MODELS + " (the paper's table, or the models of --config).")
    List<String> models;

    @Option(names = "--report", required = true, paramLabel = "FILE.json", description = "Report; .md and .png are written beside it.")
    Path report;

    @Mixin
    ExperimentOptions experiment;

    @Mixin
    CtrlOptions ctrl;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ExperimentOptions.Setup setup = experiment.setup(models, "--models", List.of(DEFAULT_MODELS.split(",")),
                ExperimentKarCommand.DEFAULT_SEEDS, report);
        var out = spec.commandLine().getOut();
        out.println("training " + setup.specs().stream().map(ModelSpec::name).toList() + " plain and with CTRL"
                + (setup.source() == null ? "" : ", KAR and KAR + CTRL") + ": " + TrainingSummary.of(setup.config()) + ", "
                + setup.seeds() + " seed(s); " + ctrl.describe());
        CtrlReport result;
        try (SampleStore store = SampleStore.openVerified(setup.samples());
             RunJournal journal = experiment.openJournal(setup.journal(), out)) {
            FeatureLayout plain = FeatureLayout.of(store);
            CtrlOptions.requireEmbeddings(setup.specs(), new ModelInputs(plain, setup.adaptor()), "--models");
            TrainingRuns runs = new TrainingRuns(store, journal, message -> TrainCommand.logLine(out, message));
            CtrlExperiment.KnowledgeArms knowledge = null;
            if (setup.source() != null) {
                var assembled = KnowledgeOptions.assemble(setup.source(), store, out);
                knowledge = new CtrlExperiment.KnowledgeArms(assembled.inputs(), setup.adaptor(),
                        KnowledgeOptions.describe(setup.source(), setup.adaptor()), ctrl.alignment(store,
                        plain.withKnowledge(assembled.inputs()), setup.source(), setup.config().optimizer(), out));
            }
            result = CtrlExperiment.run(store, setup.samples().toString(), setup.specs(), setup.seeds(), setup.config(), runs,
                    ctrl.alignment(store, plain, null, setup.config().optimizer(), out), ctrl.describe(), knowledge);
        }
        CtrlOutputs.write(result, report);
        KarOutputs.print(out, report, result.table(), result.popularityTable());
        return 0;
    }
}
