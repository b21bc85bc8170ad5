package org.recllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.report.TextTable;
import org.recllm.ctr.bench.CtrBenchmark;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.data.store.SampleStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm bench ctr}: steady-state training and scoring samples/s of models on a sample store. */
@Command(name = "ctr", mixinStandardHelpOptions = true,
        description = "Training and scoring samples/s of CTR models, and the dense part's share of the machine's GEMM rate.")
final class BenchCtrCommand implements Callable<Integer> {
    @Option(names = "--samples", required = true, paramLabel = "DIR", description = "Sample store.")
    Path samples;

    @Option(names = "--model", required = true, split = ",", description = "Model name(s), comma-separated.")
    List<String> models;

    @Option(names = "--batch", defaultValue = "4096", split = ",", description = "Batch size(s). Default: ${DEFAULT-VALUE}.")
    List<Integer> batches;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds of training per case. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Model setting overrides, as for train.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the results here.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.requireWritable(out, "--out");
        double machine = CtrBenchmark.machineGemmGflops();
        List<CtrBenchmark.Result> results = new ArrayList<>();
        try (SampleStore store = SampleStore.openVerified(samples)) {
            for (String model : models) {
                for (int batch : batches) {
                    System.err.printf(Locale.ROOT, "bench %s batch %d (%.0f s)…%n", model, batch, seconds * 1.5 + 5);
                    results.add(CtrBenchmark.run(OptionInputs.naming(Map.of(ModelZoo.MODEL, "--model", ModelZoo.SETTING, "--set"),
                            () -> ModelZoo.spec(model, ExperimentOptions.parseSettings(settings))), store, batch,
                            seconds, machine));
                }
            }
        }
        TextTable table = new TextTable("model", "batch", "train samples/s", "score samples/s", "dense MFLOP/sample",
                "GEMM GFLOP/s", "GEMM share of step", "of machine GEMM");
        for (CtrBenchmark.Result r : results) {
            table.add(r.model(), r.batch(), String.format(Locale.ROOT, "%,.0f", r.trainSamplesPerSecond()),
                    String.format(Locale.ROOT, "%,.0f", r.scoreSamplesPerSecond()),
                    String.format(Locale.ROOT, "%.2f", r.denseMflopPerSample()),
                    String.format(Locale.ROOT, "%.1f", r.denseGflopsInsideGemm()),
                    String.format(Locale.ROOT, "%.0f%%", 100 * r.gemmShare()),
                    String.format(Locale.ROOT, "%.0f%%", 100 * r.denseFraction()));
        }
        var print = spec.commandLine().getOut();
        print.printf(Locale.ROOT, "%s, %d threads, machine GEMM (1024³) %.1f GFLOP/s%n%n", samples,
                org.recllm.core.parallel.Parallel.threads(), machine);
        print.print(table.render());
        if (out != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("samples", samples.toString());
            report.put("machine_gemm_gflops", machine);
            report.put("processors", Runtime.getRuntime().availableProcessors());
            report.put("java", Runtime.version().toString());
            report.put("results", results);
            AtomicFiles.writeJson(out, report);
            print.println("\nwritten: " + out);
        }
        return 0;
    }
}
