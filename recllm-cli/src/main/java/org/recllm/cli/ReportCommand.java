package org.recllm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recllm report}: the reports of {@code train}, {@code experiment kar} and {@code quickstart} as one table
 * (terminal or markdown for docs/), one row per trained model and arm, each with its full training setting.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Tabulate train and KAR reports (JSON) side by side, with each run's training setting.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REPORT.json", arity = "1..*",
            description = "Reports written by recllm train --report, experiment kar --report or quickstart (kar.json).")
    List<Path> reports;

    @Option(names = "--markdown", description = "Print a markdown table.")
    boolean markdown;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TextTable table = new TextTable("model", "protocol", "seeds", "test AUC", "test LogLoss", "best epochs",
                "train samples/s", "training");
        for (Path report : reports) {
            JsonNode json = read(report);
            if (json.has("runs") && json.has("protocol")) {
                addKar(table, report, json);
            } else if (json.has("seeds") && json.has("test_auc_mean")) {
                addTrain(table, report, json);
            } else {
                throw new BadInputException(report, "is not a train or KAR report (no seeds / test_auc_mean, no runs)");
            }
        }
        spec.commandLine().getOut().print(markdown ? table.markdown() : table.render());
        return 0;
    }

    private static JsonNode read(Path report) {
        try {
            JsonNode json = AtomicFiles.JSON.readTree(report.toFile());
            if (json == null || !json.isObject()) {
                throw new BadInputException(report, "is not a JSON object");
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + report + ": " + e.getMessage(), e);
        }
    }

    private static void addTrain(TextTable table, Path report, JsonNode json) {
        StringBuilder epochs = new StringBuilder();
        double rate = 0;
        for (JsonNode seed : json.get("seeds")) {
            epochs.append(epochs.isEmpty() ? "" : " ").append(seed.path("best_epoch").asInt());
            rate += seed.path("train_samples_per_s").asDouble() / json.get("seeds").size();
        }
        String model = json.path("model").asText() + (json.path("knowledge").isTextual() ? "+knowledge" : "");
        table.add(model, json.path("protocol").asText(), json.get("seeds").size(),
                meanStd(json.get("test_auc_mean"), json.get("test_auc_std")),
                meanStd(json.get("test_logloss_mean"), json.get("test_logloss_std")),
                epochs, String.format(Locale.ROOT, "%,.0f", rate), training(report, json.get("train")));
    }

    private static void addKar(TextTable table, Path report, JsonNode json) {
        String training = training(report, json.get("train"));
        for (JsonNode run : json.get("runs")) {
            for (String arm : new String[] {"without", "with"}) {
                JsonNode side = run.get(arm);
                StringBuilder epochs = new StringBuilder();
                for (JsonNode epoch : side.path("best_epochs")) {
                    epochs.append(epochs.isEmpty() ? "" : " ").append(epoch.asInt());
                }
                table.add(run.path("model").asText() + (arm.equals("with") ? "+knowledge" : ""),
                        json.path("protocol").asText(), side.path("test_auc").size(),
                        meanStd(side.get("test_auc_mean"), side.get("test_auc_std")),
                        meanStd(side.get("test_logloss_mean"), side.get("test_logloss_std")), epochs, "n/a", training);
            }
        }
    }

    /** The training setting in the one-line form every command prints; reports older than it say so. */
    private static String training(Path report, JsonNode train) {
        if (train == null || train.isNull()) {
            return "not recorded";
        }
        try {
            return TrainingSummary.of(AtomicFiles.JSON.treeToValue(train, TrainConfig.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(report, 0, "train", "is not a training configuration: " + e.getMessage());
        }
    }

    private static String meanStd(JsonNode mean, JsonNode std) {
        return String.format(Locale.ROOT, "%.4f ± %.4f", mean.asDouble(), std.asDouble());
    }
}
