package org.recllm.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.train.MeanStd;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.alignment.AlignmentBenchmark;
import org.recllm.knowledge.alignment.AlignmentTextBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm bench ctrl}: CTRL's training cost against plain training, and its serving cost against reading text. */
@Command(name = "ctrl", mixinStandardHelpOptions = true,
        description = "Samples/s of a supervised epoch vs a CTRL alignment epoch, of scoring with the plain vs the aligned "
                + "backbone, and of encoding each sample's text (what a model reading text at scoring time pays).")
final class BenchCtrlCommand implements Callable<Integer> {
    @Option(names = "--samples", required = true, paramLabel = "DIR", description = "Sample store.")
    Path samples;

    @Option(names = "--model", defaultValue = "deepfm", description = "Backbone. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--text-rows", defaultValue = "512", paramLabel = "N",
            description = "Test samples whose whole text the encoder reads per round. Default: ${DEFAULT-VALUE}.")
    int textRows;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the results here.")
    Path out;

    @Mixin
    CtrlOptions ctrl;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.requireWritable(out, "--out");
        ModelSpec modelSpec = OptionInputs.naming(ModelZoo.MODEL, "--model", () -> ModelZoo.spec(model));
        var print = spec.commandLine().getOut();
        OptimizerConfig optimizer = OptimizerConfig.adam(Float.parseFloat(TrainConfig.DEFAULT_LEARNING_RATE));
        AlignmentBenchmark.Result result;
        try (SampleStore store = SampleStore.openVerified(samples)) {
            var texts = ctrl.texts(store, null, print);
            var testRows = ctrl.template(store, null, print).segments(store.split(Split.TEST)).head(textRows);
            try (var encoder = ctrl.openEncoder()) {
                AlignmentTextBuilder builder = ctrl.builder(encoder);
                result = AlignmentBenchmark.run(store, modelSpec, texts, ctrl.config(), optimizer, TrainConfig.DEFAULT_BATCH,
                        rounds, encoder, testRows, builder);
            }
        }
        TextTable table = new TextTable("measure", "samples/s per round", "median");
        row(table, "supervised training epoch", result.trainEpoch());
        row(table, "CTRL alignment epoch (stage 1)", result.alignmentEpoch());
        row(table, "scoring, plain backbone", result.scorePlain());
        row(table, "scoring, CTRL-aligned backbone", result.scoreAligned());
        row(table, "text encoder on each sample's text", result.textEncoder());
        print.printf(Locale.ROOT, "%s, %s, batch %d, %d threads%n%n", samples, model, result.batch(),
                org.recllm.core.parallel.Parallel.threads());
        print.print(table.render());
        double[] cosine = result.composedVsWholeCosine();
        print.printf(Locale.ROOT, "%nstage 1 / training epoch time: %.2f×; text encoder / aligned scoring rate: 1/%.0f%n"
                        + "cosine of a test row's vector composed from its segments with its whole text's vector: mean %.3f, min %.3f (%d rows)%n",
                median(result.trainEpoch()) / median(result.alignmentEpoch()),
                median(result.scoreAligned()) / median(result.textEncoder()), MeanStd.mean(cosine),
                java.util.Arrays.stream(cosine).min().orElse(Double.NaN), cosine.length);
        if (out != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("samples", samples.toString());
            report.put("ctrl", ctrl.describe());
            report.put("threads", org.recllm.core.parallel.Parallel.threads());
            report.put("java", Runtime.version().toString());
            report.put("result", result);
            AtomicFiles.writeJson(out, report);
            print.println("written: " + out);
        }
        return 0;
    }

    private static void row(TextTable table, String name, double[] rates) {
        StringBuilder each = new StringBuilder();
        for (double rate : rates) {
            each.append(each.isEmpty() ? "" : "  ").append(String.format(Locale.ROOT, "%,.0f", rate));
        }
        table.add(name, each.toString(), String.format(Locale.ROOT, "%,.0f", median(rates)));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
