package org.recllm.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.bench.LlmBenchmark;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.Transformer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm llm bench}: prefill/decode speed, multi-position cost and bandwidth use of a GGUF model. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Prefill and decode tokens/s, forward time over k positions relative to k = 1, and memory use. "
                + "Threads: RECLLM_JAVA_OPTS=-Drecllm.threads=N.")
final class LlmBenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "GGUF model file.")
    Path model;

    @Mixin
    AdapterOption adapter;

    @Option(names = "--prefill", defaultValue = "128", description = "Prompt tokens for the prefill measurement. Default: ${DEFAULT-VALUE}.")
    int prefill;

    @Option(names = "--decode", defaultValue = "64", description = "Tokens to decode. Default: ${DEFAULT-VALUE}.")
    int decode;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the figures here.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.requireWritable(out, "--out");
        LlmBenchmark.Result result;
        try (GgufFile gguf = GgufFile.open(model)) {
            ModelConfig config = ModelConfig.fromGguf(gguf);
            if (prefill < 1) {
                throw new BadInputException("--prefill", 0, null, "expected at least 1 token, got " + prefill);
            }
            if (decode < 1) {
                throw new BadInputException("--decode", 0, null, "expected at least 1 token, got " + decode);
            }
            if (LlmBenchmark.positions(prefill, decode) > config.contextLength()) {
                throw new BadInputException("--prefill/--decode", 0, null, "a run with " + prefill + " prefill and " + decode
                        + " decode tokens needs " + LlmBenchmark.positions(prefill, decode) + " positions; " + model
                        + " has a context of " + config.contextLength());
            }
            Transformer transformer = new Transformer(config, LanguageModel.weights(gguf, config, adapter.lora));
            result = LlmBenchmark.run(model.getFileName().toString(), gguf, transformer, prefill, decode);
        }
        TextTable table = new TextTable("model", "threads", "parameters", "prefill tok/s", "decode tok/s",
                "k=2", "k=4", "k=8", "k=16", "decode read GB/s", "machine read GB/s");
        table.add(result.model(), result.threads(), String.format(Locale.ROOT, "%,d", result.parameters()),
                figure("%,.1f", result.prefillTokensPerSecond()), figure("%,.1f", result.decodeTokensPerSecond()),
                ratio(result, 2), ratio(result, 4), ratio(result, 8), ratio(result, 16),
                figure("%.2f", result.decodeReadRate()), figure("%.2f", result.machineReadRate()));
        var print = spec.commandLine().getOut();
        print.print(table.render());
        print.println("(k = n: time of one forward pass over n new positions relative to one position; every time is taken "
                + "over repeated passes, long enough for the timer to resolve a small model's)");
        if (out != null) {
            AtomicFiles.writeJson(out, result);
            print.println("written: " + out);
        }
        return 0;
    }

    private static String ratio(LlmBenchmark.Result result, int k) {
        return figure("%.2f×", result.forwardTimeRelative().get(k));
    }

    /** A measured value, or why there is none: the benchmark gives NaN for a pass too short to time. */
    private static String figure(String format, double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "n/a (pass too short)";
    }
}
