package org.recllm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.adaptor.AdaptorConfig;
import org.recllm.ctr.alignment.ContrastiveAlignment;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.train.MeanStd;
import org.recllm.ctr.train.RunJournal;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.TrainReport;
import org.recllm.ctr.train.TrainingRuns;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.augment.KnowledgeSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm train}: one model of the zoo on a sample store over several seeds, with a table and a JSON report. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a CTR model on a sample store (early stopping on validation AUC) and report test AUC/LogLoss.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "NAME",
            description = "One of: lr fm widedeep deepfm dcn dcnv2 xdeepfm autoint fibinet fignn pnn din dien "
                    + "(required here or in --config).")
    String model;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the JSON report here (checked before training).")
    Path report;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Save each seed's best model as DIR/MODEL-seedN.ckpt.")
    Path checkpoints;

    @Option(names = "--save", paramLabel = "DIR", description = "Write a servable bundle of the best seed (by validation "
            + "AUC) here: weights, the knowledge vectors it was trained with, vocabularies, user and item tables, and "
            + "this run's report; recllm serve ctr --bundle DIR serves it.")
    Path save;

    @Option(names = "--ctrl", description = "CTRL: align the model's field embeddings with a text encoder's view of each "
            + "sample (stage 1, --ctrl-* options) before the supervised training; the trained model is the plain backbone.")
    boolean ctrl;

    @Mixin
    ExperimentOptions experiment;

    @Mixin
    CtrlOptions ctrlOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<ModelSpec> models = experiment.models(model == null ? null : List.of(model), "--model", null);
        if (models.size() != 1) {
            throw new BadInputException("--model", 0, null, "train takes one model; the experiment file names "
                    + models.stream().map(ModelSpec::name).toList() + " (use experiment kar for several, or --model)");
        }
        ModelSpec modelSpec = models.getFirst();
        Path samples = experiment.samples();
        TrainConfig config = experiment.training.config(experiment.file());
        int seeds = experiment.training.seeds(experiment.file(), 1);
        KnowledgeSource source = experiment.knowledge.source(experiment.file());
        AdaptorConfig adaptor = experiment.knowledge.adaptor(experiment.file());
        Path journalFile = experiment.journal(report);
        Outputs.requireWritable(report, "--report");
        Outputs.requireWritable(journalFile, "--journal");
        if (save != null) {
            try {
                org.recllm.serve.bundle.BundleWriter.checkTarget(save);
            } catch (BadInputException e) {
                throw new BadInputException("--save", 0, null, save + " " + e.problem());
            }
        }
        var out = spec.commandLine().getOut();
        out.println(describe(modelSpec, config, seeds) + (ctrl ? ", after " + ctrlOptions.describe() : ""));
        out.flush();
        List<SeedResult> results;
        String protocol;
        String dataset;
        try (SampleStore store = SampleStore.openVerified(samples);
             RunJournal journal = journalFile == null ? RunJournal.inMemory() : RunJournal.open(journalFile)) {
            protocol = store.info().protocol();
            dataset = store.info().dataset();
            FeatureLayout layout = FeatureLayout.of(store);
            if (source != null) {
                layout = layout.withKnowledge(KnowledgeOptions.assemble(source, store, out).inputs());
            }
            TrainingRuns runs = new TrainingRuns(store, journal, message -> logLine(out, message));
            ContrastiveAlignment alignment = null;
            if (ctrl) {
                CtrlOptions.requireEmbeddings(List.of(modelSpec), new ModelInputs(layout, adaptor), "--model");
                alignment = ctrlOptions.alignment(store, layout, source, config.optimizer(), out);
            }
            ModelInputs inputs = new ModelInputs(layout, adaptor);
            Path seedCheckpoints = checkpoints != null ? checkpoints : save == null ? null : SavedBundle.workFolder(save);
            try {
                results = runs.train(modelSpec, inputs, config, seeds, seedCheckpoints, alignment);
                if (save != null) {
                    TrainReport trainReport = TrainReport.of(protocol, dataset, samples.toString(), modelSpec.name(),
                            modelSpec.configJson(), source == null ? null : KnowledgeOptions.describe(source, adaptor),
                            ctrl ? ctrlOptions.describe() : null, config, results);
                    SavedBundle.write(save, store, modelSpec, inputs, results, seedCheckpoints,
                            source == null ? null : KnowledgeOptions.describe(source, adaptor), trainReport, out);
                }
            } finally {
                if (checkpoints == null && seedCheckpoints != null) {
                    org.recllm.core.io.AtomicFiles.deleteTreeQuietly(seedCheckpoints);
                }
            }
        }
        TextTable table = new TextTable("model", "seed", "best epoch", "valid AUC", "test AUC", "test user AUC", "test LogLoss",
                "train samples/s");
        for (SeedResult r : results) {
            table.add(modelSpec.name(), r.seed(), r.bestEpoch(), f4(r.validAuc()), f4(r.testAuc()),
                    r.testUserAuc() == null ? "n/a" : f4(r.testUserAuc()), f4(r.testLogLoss()),
                    String.format(Locale.ROOT, "%,.0f", r.trainSamplesPerSecond()));
        }
        out.printf("%s on %s (%s)%n%n", modelSpec.name(), samples, protocol);
        out.print(table.render());
        double[] auc = results.stream().mapToDouble(SeedResult::testAuc).toArray();
        double[] logLoss = results.stream().mapToDouble(SeedResult::testLogLoss).toArray();
        out.printf(Locale.ROOT, "%ntest AUC %s, test LogLoss %s over %d seed(s)%n", MeanStd.format(auc), MeanStd.format(logLoss), seeds);
        if (report != null) {
            AtomicFiles.writeJson(report, TrainReport.of(protocol, dataset, samples.toString(), modelSpec.name(),
                    modelSpec.configJson(), source == null ? null : KnowledgeOptions.describe(source, adaptor),
                    ctrl ? ctrlOptions.describe() : null, config, results));
            out.println("report: " + report);
        }
        return 0;
    }

    /** The full training setting, printed before any run so a result can always be traced to it. */
    static String describe(ModelSpec model, TrainConfig config, int seeds) {
        return String.format(Locale.ROOT, "training %s: %s, %d seed(s)", model.name(), TrainingSummary.of(config), seeds);
    }

    static void logLine(PrintWriter out, String message) {
        out.println(message);
        out.flush();
    }

    private static String f4(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
