package org.recllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recllm.core.checkpoint.Checkpoint;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.optim.LearningRateSchedule;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.CtrModel;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.train.MeanStd;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.TrainReport;
import org.recllm.ctr.train.Trainer;
import org.recllm.data.store.SampleStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm train}: one model of the zoo on a sample store over several seeds, with a table and a JSON report. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a CTR model on a sample store (early stopping on validation AUC) and report test AUC/LogLoss.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--samples", required = true, paramLabel = "DIR", description = "Sample store (recllm data prepare).")
    Path samples;

    @Option(names = "--model", required = true, description = "One of: lr fm widedeep deepfm dcn dcnv2 xdeepfm autoint fibinet fignn pnn din dien.")
    String model;

    @Option(names = "--seeds", defaultValue = "1", description = "Seeds 1..N (initialisation and shuffling). Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--epochs", defaultValue = "100", description = "Maximum epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "4096", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (Adam). Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--embedding-decay", defaultValue = "0", description = "L2 on touched embedding rows. Default: ${DEFAULT-VALUE}.")
    float embeddingDecay;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 on dense weights. Default: ${DEFAULT-VALUE}.")
    float weightDecay;

    @Option(names = "--patience", defaultValue = "2", description = "Epochs without validation gain before stopping. Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--schedule", defaultValue = "constant",
            description = "Learning-rate schedule over all steps: constant, linear or cosine. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--warmup", defaultValue = "0", description = "Linear warm-up steps. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a model setting, e.g. dnn.hidden=[200,80] or embedding.dim=32.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the JSON report here.")
    Path report;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Save each seed's best model as DIR/MODEL-seedN.ckpt.")
    Path checkpoints;

    @Mixin
    KnowledgeOptions knowledge;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (seeds < 1) {
            throw new BadInputException("--seeds", 0, null, "expected at least 1, got " + seeds);
        }
        ModelSpec modelSpec = ModelZoo.spec(model, parseSettings(settings));
        LearningRateSchedule.Shape shape = switch (schedule) {
            case "constant" -> LearningRateSchedule.Shape.CONSTANT;
            case "linear" -> LearningRateSchedule.Shape.LINEAR;
            case "cosine" -> LearningRateSchedule.Shape.COSINE;
            default -> throw new BadInputException("--schedule", 0, null, "expected constant, linear or cosine, got '" + schedule + "'");
        };
        TrainConfig config = new TrainConfig(epochs, batch, OptimizerConfig.adam(learningRate).withDecay(weightDecay, embeddingDecay),
                patience, true, shape, warmup);
        List<SeedResult> results = new ArrayList<>();
        String protocol;
        String dataset;
        try (SampleStore store = SampleStore.open(samples)) {
            protocol = store.info().protocol();
            dataset = store.info().dataset();
            FeatureLayout layout = knowledge.apply(store, FeatureLayout.of(store), spec.commandLine().getOut());
            Trainer trainer = new Trainer(store, layout, config);
            for (int seed = 1; seed <= seeds; seed++) {
                CtrModel instance = modelSpec.build(layout, seed);
                results.add(trainer.train(instance, seed, model + " seed " + seed));
                if (checkpoints != null) {
                    Checkpoint.save(checkpoints.resolve(model + "-seed" + seed + ".ckpt"), model, modelSpec.configJson(),
                            instance.parameters(), null);
                }
            }
        }
        var out = spec.commandLine().getOut();
        TextTable table = new TextTable("model", "seed", "best epoch", "valid AUC", "test AUC", "test LogLoss", "train samples/s");
        for (SeedResult r : results) {
            table.add(model, r.seed(), r.bestEpoch(), f4(r.validAuc()), f4(r.testAuc()), f4(r.testLogLoss()),
                    String.format(Locale.ROOT, "%,.0f", r.trainSamplesPerSecond()));
        }
        out.printf("%s on %s (%s)%n%n", model, samples, protocol);
        out.print(table.render());
        double[] auc = results.stream().mapToDouble(SeedResult::testAuc).toArray();
        double[] logLoss = results.stream().mapToDouble(SeedResult::testLogLoss).toArray();
        out.printf(Locale.ROOT, "%ntest AUC %s, test LogLoss %s over %d seed(s)%n", MeanStd.format(auc), MeanStd.format(logLoss), seeds);
        if (report != null) {
            AtomicFiles.writeJson(report, TrainReport.of(protocol, dataset, samples.toString(), model, modelSpec.configJson(),
                    knowledge.describe(), config, results));
            out.println("report: " + report);
        }
        return 0;
    }

    static Map<String, String> parseSettings(List<String> settings) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--set", 0, null, "expected KEY=VALUE, got '" + setting + "'");
            }
            parsed.put(setting.substring(0, eq).strip(), setting.substring(eq + 1).strip());
        }
        return parsed;
    }

    private static String f4(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
