package org.recllm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.report.TextTable;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.bench.SpeculativeBenchmark;
import org.recllm.llm.sampling.SamplerConfig;
import org.recllm.llm.speculative.PoolSettings;
import org.recllm.llm.speculative.PoolTexts;
import org.recllm.llm.speculative.RetrievalPool;
import org.recllm.llm.speculative.SpeculativeConfig;
import org.recllm.llm.speculative.SpeculativeMode;
import org.recllm.llm.tokenizer.Message;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm bench speculative}: tokens/s with and without drafts from a pool, acceptance and retrieval share. */
@Command(name = "speculative", mixinStandardHelpOptions = true,
        description = "Speculative decoding against plain decoding on the same prompts in one run (interleaved rounds): "
                + "tokens/s of both and the speed-up, acceptance, mean accepted length and the share of time spent on "
                + "retrieval. Threads: RECLLM_JAVA_OPTS=-Drecllm.threads=N.")
final class BenchSpeculativeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "GGUF model file.")
    Path model;

    @Option(names = "--prompts", required = true, paramLabel = "FILE",
            description = "Prompts: one per line, or JSON Lines with a \"text\" field.")
    Path prompts;

    @Option(names = "--pool", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Earlier generations that seed the pool: one per line, or JSON Lines with a \"text\" field.")
    List<Path> pools;

    @Option(names = "--mode", defaultValue = "strict", paramLabel = "strict|relaxed", description = "Default: ${DEFAULT-VALUE}.")
    String mode;

    @Mixin
    DraftOptions draft;

    @Option(names = "--chat", description = "Wrap each prompt in the model's chat template as a user message.")
    boolean chat;

    @Option(names = "-n", defaultValue = "128", paramLabel = "N", description = "Longest answer. Default: ${DEFAULT-VALUE}.")
    int maxNew;

    @Option(names = "--concurrency", defaultValue = "1", paramLabel = "N",
            description = "Sequences per forward pass (continuous batching). Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Rounds of off and on, interleaved; rates are medians. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T",
            description = "0 for greedy; above 0 samples with llama.cpp's other defaults. Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--out", paramLabel = "R.json", description = "Write the figures here.")
    Path out;

    @Option(names = "--answers-out", paramLabel = "FILE.jsonl",
            description = "Write the plain decoding's answers as JSON Lines {\"text\": …}: a pool for the next run.")
    Path answersOut;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Outputs.requireWritable(out, "--out");
        Outputs.requireWritable(answersOut, "--answers-out");
        SpeculativeMode parsed = DraftOptions.mode("--mode", mode);
        if (parsed == SpeculativeMode.OFF) {
            throw new BadInputException("--mode", 0, null, "expected strict or relaxed (off is what it is compared with)");
        }
        SpeculativeConfig speculation = draft.config(parsed);
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new BadInputException("--temperature", 0, null, "expected 0 to 2, got " + temperature);
        }
        SamplerConfig sampling = temperature == 0 ? SamplerConfig.greedy() : withTemperature(SamplerConfig.defaults(1));
        SpeculativeBenchmark.Settings settings;
        try {
            settings = new SpeculativeBenchmark.Settings(speculation, maxNew, concurrency, rounds, sampling);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("-n/--concurrency/--rounds", 0, null, e.getMessage());
        }
        List<String> texts = PoolTexts.read(prompts);
        if (texts.isEmpty()) {
            throw new BadInputException(prompts, "no prompts in the file");
        }
        SpeculativeBenchmark.Result result;
        try (LanguageModel llm = LanguageModel.open(model)) {
            List<int[]> inputs = texts.stream()
                    .map(text -> chat ? llm.chatPrompt(List.of(Message.user(text))) : llm.prompt(text)).toList();
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).length >= llm.config().contextLength()) {
                    throw new BadInputException(prompts, i + 1, null, "the prompt is " + inputs.get(i).length
                            + " tokens; the model's context of " + llm.config().contextLength() + " leaves no room for an answer");
                }
            }
            PoolSettings poolSettings = draft.poolSettings();
            List<int[]> seed = PoolTexts.tokenized(pools, llm.tokenizer());
            IntPredicate isEnd = token -> llm.tokenizer().endOfGeneration().contains(token);
            System.err.printf(Locale.ROOT, "bench speculative: %d prompts, pool of %,d answers, %s, %d rounds…%n",
                    inputs.size(), seed.size(), parsed.label(), rounds);
            settings = settings.withSpeculation(draft.measured(speculation, llm.transformer()));
            result = SpeculativeBenchmark.run(model.getFileName().toString(), llm.transformer(), inputs, () -> {
                RetrievalPool pool = new RetrievalPool(poolSettings);
                seed.forEach(pool::add);
                return pool;
            }, isEnd, settings);
            if (answersOut != null) {
                StringBuilder lines = new StringBuilder();
                for (int[] answer : result.plainAnswers()) {
                    lines.append(AtomicFiles.JSON.createObjectNode().put("text", llm.tokenizer().decode(answer))
                            .toString()).append('\n');
                }
                AtomicFiles.writeString(answersOut, lines.toString());
                spec.commandLine().getOut().println("answers written: " + answersOut);
            }
        }
        print(result);
        if (out != null) {
            AtomicFiles.writeJson(out, result);
            spec.commandLine().getOut().println("written: " + out);
        }
        return 0;
    }

    private SamplerConfig withTemperature(SamplerConfig defaults) {
        return new SamplerConfig(temperature, defaults.topK(), defaults.topP(), defaults.minP(), defaults.repeatPenalty(),
                defaults.repeatWindow(), defaults.seed());
    }

    private void print(SpeculativeBenchmark.Result r) {
        TextTable table = new TextTable("model", "mode", "threads", "prompts", "pool answers", "off tok/s", "on tok/s",
                "speed-up", "ceiling", "acceptance", "accepted/pass", "tokens/pass", "retrieval", "identical answers");
        table.add(r.model(), r.mode(), r.threads(), r.prompts(), String.format(Locale.ROOT, "%,d", r.poolAnswers()),
                String.format(Locale.ROOT, "%,.1f", r.tokensPerSecondOff()), String.format(Locale.ROOT, "%,.1f", r.tokensPerSecondOn()),
                String.format(Locale.ROOT, "%.2f×", r.speedup()),
                r.ceiling() == null ? "–" : String.format(Locale.ROOT, "%.2f× (%.0f%% reached)", r.ceiling(), 100 * r.shareOfCeiling()),
                String.format(Locale.ROOT, "%.1f%%", 100 * r.acceptance()),
                String.format(Locale.ROOT, "%.2f", r.meanAcceptedLength()), String.format(Locale.ROOT, "%.2f", r.tokensPerPass()),
                String.format(Locale.ROOT, "%.2f%%", 100 * r.retrievalShare()),
                String.format(Locale.ROOT, "%d of %d", r.identicalAnswers(), r.prompts()));
        spec.commandLine().getOut().print(table.render());
    }
}
