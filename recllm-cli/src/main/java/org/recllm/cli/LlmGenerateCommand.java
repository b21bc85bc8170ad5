package org.recllm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.generate.BatchGenerator;
import org.recllm.llm.generate.Generator;
import org.recllm.llm.generate.StopReason;
import org.recllm.llm.model.CacheTooLargeException;
import org.recllm.llm.sampling.Sampler;
import org.recllm.llm.sampling.SamplerConfig;
import org.recllm.llm.speculative.PoolTexts;
import org.recllm.llm.speculative.RetrievalPool;
import org.recllm.llm.speculative.SpeculationStats;
import org.recllm.llm.speculative.SpeculativeConfig;
import org.recllm.llm.tokenizer.Detokenizer;
import org.recllm.llm.tokenizer.Message;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm llm generate}: a continuation of a prompt, streamed as it is produced. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate text with a GGUF model (greedy at temperature 0).")
final class LlmGenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M.gguf", description = "GGUF model file.")
    Path model;

    @Mixin
    AdapterOption adapter;

    @Option(names = "--prompt", required = true, description = "Prompt text.")
    String prompt;

    @Option(names = "-n", defaultValue = "64", description = "Maximum new tokens; generation also stops at an "
            + "end-of-generation token or when the model's context is full. Default: ${DEFAULT-VALUE}.")
    int tokens;

    @Option(names = "--temperature", defaultValue = "0", description = "Sampling temperature, 0 or more: 0 picks the most "
            + "likely token (greedy, and the other sampling options have no effect); higher values flatten the distribution. "
            + "Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--top-k", defaultValue = "40", description = "Sample among the k most likely tokens only; 0 turns the "
            + "limit off. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--top-p", defaultValue = "0.95", description = "Nucleus sampling, in (0, 1]: the most likely tokens "
            + "whose probabilities add up to p; 1 turns it off. Default: ${DEFAULT-VALUE}.")
    float topP;

    @Option(names = "--min-p", defaultValue = "0.05", description = "In [0, 1): drop tokens less likely than min-p times the "
            + "most likely one; 0 turns it off. Default: ${DEFAULT-VALUE}.")
    float minP;

    @Option(names = "--repeat-penalty", defaultValue = "1.0", description = "Above 0: penalises tokens among the last "
            + "64 (values above 1 discourage repeating them); 1 turns it off. Default: ${DEFAULT-VALUE}.")
    float repeatPenalty;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the sampling stream: the same seed gives the same "
            + "text. Default: ${DEFAULT-VALUE}.")
    long seed;

    /** The sampling options, each checked against its range. */
    private SamplerConfig sampling() {
        if (!(temperature >= 0)) {
            throw new BadInputException("--temperature", 0, null, "expected 0 (greedy) or more, got " + temperature);
        }
        if (topK < 0) {
            throw new BadInputException("--top-k", 0, null, "expected 0 (off) or more, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new BadInputException("--top-p", 0, null, "expected a value above 0 and at most 1, got " + topP);
        }
        if (!(minP >= 0 && minP < 1)) {
            throw new BadInputException("--min-p", 0, null, "expected a value from 0 up to (not including) 1, got " + minP);
        }
        if (!(repeatPenalty > 0)) {
            throw new BadInputException("--repeat-penalty", 0, null, "expected a value above 0 (1 is off), got " + repeatPenalty);
        }
        return new SamplerConfig(temperature, topK, topP, minP, repeatPenalty, 64, seed);
    }

    @Option(names = "--chat", description = "Wrap the prompt in the model's chat template as a user message.")
    boolean chat;

    @Mixin
    SpeculativeOptions speculative;

    @Option(names = "--pool", arity = "1..*", paramLabel = "FILE", description = "Earlier generations to draft from "
            + "(with --speculative): one text per line, or JSON Lines with a \"text\" field.")
    List<Path> pools = List.of();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (tokens < 1) {
            throw new BadInputException("-n", 0, null, "expected at least 1 token, got " + tokens);
        }
        SamplerConfig sampling = sampling();
        SpeculativeConfig speculation = speculative.config();
        if (!pools.isEmpty() && !speculation.enabled()) {
            throw new BadInputException("--pool", 0, null, "pools are drafted from only with --speculative strict|relaxed");
        }
        speculative.validate();
        var out = spec.commandLine().getOut();
        try (LanguageModel llm = LanguageModel.open(model, adapter.lora)) {
            // Read and measured before anything is printed: a bad pool file or draft setting is reported alone.
            RetrievalPool pool = speculation.enabled() ? PoolTexts.pool(pools, llm.tokenizer(), speculative.poolSettings()) : null;
            SpeculativeConfig measured = speculative.measured(speculation, llm.transformer());
            int[] input;
            if (chat) {
                input = llm.chatPrompt(List.of(Message.user(prompt)));
            } else {
                input = llm.prompt(prompt);
                out.print(prompt);
            }
            int context = llm.config().contextLength();
            if (input.length >= context) {
                throw new BadInputException("--prompt", 0, null, "the prompt is " + input.length + " tokens; " + model
                        + " has a context of " + context + " tokens, which leaves no room for new ones");
            }
            Detokenizer text = new Detokenizer(llm.tokenizer());
            IntConsumer print = token -> {
                out.print(text.accept(token));
                out.flush();
            };
            IntPredicate isEnd = token -> llm.tokenizer().endOfGeneration().contains(token);
            try {
                if (speculation.enabled()) {
                    speculate(llm, input, sampling, measured, pool, isEnd, print, text);
                } else {
                    plain(llm, input, sampling, isEnd, print, text);
                }
            } catch (CacheTooLargeException e) {
                throw new UserFacingException(e.getMessage() + ": ask for fewer tokens with -n, or give the JVM more "
                        + "memory (RECLLM_JAVA_OPTS=-Xmx…)", e);
            }
        }
        return 0;
    }

    private void plain(LanguageModel llm, int[] input, SamplerConfig sampling, IntPredicate isEnd, IntConsumer print,
                       Detokenizer text) {
        Generator.Result result = new Generator(llm.transformer()).generate(input, tokens, new Sampler(sampling), isEnd, print);
        spec.commandLine().getOut().println(text.finish());
        spec.commandLine().getErr().printf(Locale.ROOT, "%d prompt tokens at %.1f tok/s, %d generated at %.1f tok/s%s%n",
                result.promptTokens(), result.prefillTokensPerSecond(), result.tokens().length,
                result.decodeTokensPerSecond(), stopNote(result.stop(), llm));
    }

    private void speculate(LanguageModel llm, int[] input, SamplerConfig sampling, SpeculativeConfig speculation,
                           RetrievalPool pool, IntPredicate isEnd, IntConsumer print, Detokenizer text) {
        // Counted before generating: the finished answer joins the pool, but it drafted none of itself.
        long poolAnswers = pool.answersHeld();
        BatchGenerator generator = new BatchGenerator(llm.transformer(), speculation);
        BatchGenerator.Completion done = generator.generate(
                List.of(new BatchGenerator.Request(input, tokens, sampling, isEnd, pool, print)), 1, c -> { }).getFirst();
        spec.commandLine().getOut().println(text.finish());
        SpeculationStats stats = generator.stats();
        spec.commandLine().getErr().printf(Locale.ROOT, "%d prompt tokens, %d generated in %.2f s (%.1f tok/s, prefill "
                        + "included) with %s speculation from a pool of %,d answers: %d passes, %.2f tokens per pass, "
                        + "%d of %d drafted tokens accepted (%.0f%%), retrieval %.1f%% of the time%s%n",
                input.length, done.tokens().length, done.nanos() / 1e9, done.tokens().length / (done.nanos() / 1e9),
                speculation.mode().label(), poolAnswers, stats.decodePasses(), stats.tokensPerPass(),
                stats.accepted(), stats.drafted(), 100 * stats.acceptance(), 100 * stats.retrievalShare(),
                stopNote(done.stop(), llm));
    }

    private static String stopNote(StopReason stop, LanguageModel llm) {
        return switch (stop) {
            case END_OF_GENERATION -> " (end of generation)";
            case MAX_TOKENS -> "";
            case CONTEXT_FULL -> " (stopped: the model's context of " + llm.config().contextLength() + " tokens is full)";
            case CANCELLED -> " (stopped)";
        };
    }
}
