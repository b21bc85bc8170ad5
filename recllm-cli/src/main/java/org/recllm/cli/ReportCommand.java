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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recllm report}: several {@code train} reports as one table (terminal or markdown for docs/). */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Tabulate train reports (JSON) side by side.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REPORT.json", arity = "1..*", description = "Reports written by recllm train --report.")
    List<Path> reports;

    @Option(names = "--markdown", description = "Print a markdown table.")
    boolean markdown;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TextTable table = new TextTable("model", "protocol", "seeds", "test AUC", "test LogLoss", "best epochs", "train samples/s");
        for (Path report : reports) {
            JsonNode json;
            try {
                json = AtomicFiles.JSON.readTree(report.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + report + ": " + e.getMessage(), e);
            }
            if (json == null || !json.has("seeds") || !json.has("test_auc_mean")) {
                throw new BadInputException(report, "is not a train report (no seeds / test_auc_mean)");
            }
            StringBuilder epochs = new StringBuilder();
            double rate = 0;
            for (JsonNode seed : json.get("seeds")) {
                epochs.append(epochs.isEmpty() ? "" : " ").append(seed.get("best_epoch").asInt());
                rate += seed.get("train_samples_per_s").asDouble() / json.get("seeds").size();
            }
            table.add(json.get("model").asText(), json.get("protocol").asText(), json.get("seeds").size(),
                    String.format(Locale.ROOT, "%.4f ± %.4f", json.get("test_auc_mean").asDouble(), json.get("test_auc_std").asDouble()),
                    String.format(Locale.ROOT, "%.4f ± %.4f", json.get("test_logloss_mean").asDouble(),
                            json.get("test_logloss_std").asDouble()),
                    epochs, String.format(Locale.ROOT, "%,.0f", rate));
        }
        spec.commandLine().getOut().print(markdown ? table.markdown() : table.render());
        return 0;
    }
}
