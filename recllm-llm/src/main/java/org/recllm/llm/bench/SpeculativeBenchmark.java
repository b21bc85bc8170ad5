package org.recllm.llm.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.recllm.core.parallel.Parallel;
import org.recllm.llm.generate.BatchGenerator;
import org.recllm.llm.model.Transformer;
import org.recllm.llm.sampling.SamplerConfig;
import org.recllm.llm.speculative.RetrievalPool;
import org.recllm.llm.speculative.SpeculationStats;
import org.recllm.llm.speculative.SpeculativeConfig;

/**
 * Speculative decoding against the engine's own plain decoding on the same prompts, in one run: each round generates
 * every prompt with speculation off and on (the order alternating between rounds, so drift in the machine's speed
 * falls on both), through the same continuous batching; the speculative side starts each round from a fresh pool, which
 * every finished answer joins. An untimed round of both sides on the first prompts comes first, so the JIT's
 * warm-up falls on neither. Rates are medians over the rounds; the speculation counters add up the rounds. With
 * one sequence per pass, the engine's cost of a k-position pass is measured too, and with it the ceiling: the
 * speed-up the run's own drafts and acceptance allow (see {@link SpeculationStats#ceiling}).
 */
public final class SpeculativeBenchmark {
    /** Prompts of the untimed warm-up round. */
    private static final int WARM_UP_PROMPTS = 8;

    private SpeculativeBenchmark() {}

    /** What to run: the prompts' answers of at most {@code maxNew} tokens, {@code concurrency} sequences per pass. */
    public record Settings(SpeculativeConfig speculation, int maxNew, int concurrency, int rounds, SamplerConfig sampling) {
        public Settings {
            if (!speculation.enabled()) {
                throw new IllegalArgumentException("the benchmark compares a speculative mode with off; got off");
            }
            if (maxNew < 1 || concurrency < 1 || rounds < 1) {
                throw new IllegalArgumentException("max new tokens, concurrency and rounds must be at least 1");
            }
        }

        /** The same run with other speculation settings (pass costs measured on the model, say). */
        public Settings withSpeculation(SpeculativeConfig other) {
            return new Settings(other, maxNew, concurrency, rounds, sampling);
        }
    }

    /** One timed generation of all prompts. */
    public record Round(String mode, int round, double seconds, long tokens,
                        @JsonProperty("tokens_per_s") double tokensPerSecond) {}

    public record Result(
            String model,
            String mode,
            int threads,
            int prompts,
            @JsonProperty("max_new_tokens") int maxNew,
            int concurrency,
            @JsonProperty("max_draft") int maxDraft,
            @JsonProperty("draft_top_k") int topK,
            @JsonProperty("draft_threshold") float threshold,
            @JsonProperty("pool_answers") long poolAnswers,
            @JsonProperty("pool_tokens") long poolTokens,
            @JsonProperty("tokens_per_s_off") double tokensPerSecondOff,
            @JsonProperty("tokens_per_s_on") double tokensPerSecondOn,
            double speedup,
            double acceptance,
            @JsonProperty("mean_accepted_length") double meanAcceptedLength,
            @JsonProperty("tokens_per_pass") double tokensPerPass,
            @JsonProperty("retrieval_share") double retrievalShare,
            @JsonProperty("pass_cost_relative_to_k1") double[] passCost,
            @JsonProperty("ceiling_speedup") Double ceiling,
            @JsonProperty("share_of_ceiling") Double shareOfCeiling,
            @JsonProperty("identical_answers") int identicalAnswers,
            @JsonProperty("token_agreement") double tokenAgreement,
            List<Round> rounds,
            @JsonIgnore List<int[]> plainAnswers) {}

    public static Result run(String model, Transformer transformer, List<int[]> prompts, Supplier<RetrievalPool> pools,
                             IntPredicate isEnd, Settings settings) {
        List<int[]> warmUp = prompts.subList(0, Math.min(WARM_UP_PROMPTS, prompts.size()));
        for (boolean on : new boolean[] {false, true}) {
            generate(transformer, warmUp, on ? pools.get() : null, isEnd, settings, on);
        }
        List<Round> rounds = new ArrayList<>();
        SpeculationStats stats = SpeculationStats.NONE;
        List<int[]> plain = null;
        List<int[]> speculative = null;
        long poolAnswers = 0;
        long poolTokens = 0;
        for (int round = 0; round < settings.rounds(); round++) {
            for (int side = 0; side < 2; side++) {
                boolean on = (side == 0) == (round % 2 == 1);
                RetrievalPool pool = on ? pools.get() : null;
                if (on) {
                    poolAnswers = pool.answersHeld();
                    poolTokens = pool.tokensHeld();
                }
                long start = System.nanoTime();
                Generation generation = generate(transformer, prompts, pool, isEnd, settings, on);
                double seconds = (System.nanoTime() - start) / 1e9;
                List<BatchGenerator.Completion> done = generation.done();
                long tokens = done.stream().mapToLong(c -> c.tokens().length).sum();
                rounds.add(new Round(on ? settings.speculation().mode().label() : "off", round, seconds, tokens,
                        tokens / seconds));
                List<int[]> answers = done.stream().map(BatchGenerator.Completion::tokens).toList();
                if (on) {
                    stats = stats.plus(generation.stats());
                    speculative = answers;
                } else {
                    plain = answers;
                }
            }
        }
        // The ceiling compares passes of one sequence: with several sequences per pass the costs are other ones.
        double[] cost = settings.concurrency() > 1 ? null : settings.speculation().passCost() != null
                ? settings.speculation().passCost() : settings.speculation().measuredOn(transformer).passCost();
        Double ceiling = cost == null ? null : stats.ceiling(cost);
        double off = median(rounds, "off");
        double onRate = median(rounds, settings.speculation().mode().label());
        SpeculativeConfig config = settings.speculation();
        return new Result(model, config.mode().label(), Parallel.threads(), prompts.size(), settings.maxNew(),
                settings.concurrency(), config.maxDraft(), config.topK(), config.threshold(), poolAnswers, poolTokens,
                off, onRate, onRate / off, stats.acceptance(), stats.meanAcceptedLength(), stats.tokensPerPass(),
                stats.retrievalShare(), cost, ceiling, ceiling == null ? null : onRate / off / ceiling,
                identical(plain, speculative), agreement(plain, speculative), rounds, plain);
    }

    private record Generation(List<BatchGenerator.Completion> done, SpeculationStats stats) {}

    /** Every prompt through continuous batching, with speculation from {@code pool} or without. */
    private static Generation generate(Transformer transformer, List<int[]> prompts, RetrievalPool pool, IntPredicate isEnd,
                                       Settings settings, boolean on) {
        BatchGenerator generator = new BatchGenerator(transformer, on ? settings.speculation() : SpeculativeConfig.off());
        List<BatchGenerator.Request> requests = prompts.stream()
                .map(prompt -> new BatchGenerator.Request(prompt, settings.maxNew(), settings.sampling(), isEnd, pool))
                .toList();
        return new Generation(generator.generate(requests, settings.concurrency(), c -> { }), generator.stats());
    }

    private static double median(List<Round> rounds, String mode) {
        double[] rates = rounds.stream().filter(r -> r.mode().equals(mode)).mapToDouble(Round::tokensPerSecond).sorted().toArray();
        int n = rates.length;
        return n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
    }

    private static int identical(List<int[]> a, List<int[]> b) {
        int same = 0;
        for (int i = 0; i < a.size(); i++) {
            if (Arrays.equals(a.get(i), b.get(i))) {
                same++;
            }
        }
        return same;
    }

    /** The share of plain-decoding tokens that the speculative answer has at the same position. */
    static double agreement(List<int[]> plain, List<int[]> speculative) {
        long same = 0;
        long total = 0;
        for (int i = 0; i < plain.size(); i++) {
            int[] a = plain.get(i);
            int[] b = speculative.get(i);
            total += a.length;
            for (int t = 0; t < Math.min(a.length, b.length); t++) {
                if (a[t] == b[t]) {
                    same++;
                }
            }
        }
        return total == 0 ? 1 : (double) same / total;
    }
}
