package org.recllm.llm.generate;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import org.recllm.llm.model.KvCache;
import org.recllm.llm.model.Logits;
import org.recllm.llm.model.Transformer;
import org.recllm.llm.sampling.Sampler;

/** Autoregressive generation for one sequence: prefill the prompt in one pass, then decode token by token. */
public final class Generator {
    private final Transformer model;

    public Generator(Transformer model) {
        this.model = model;
    }

    /** What a generation produced and how long its two phases took. */
    public record Result(int[] tokens, int promptTokens, long prefillNanos, long decodeNanos, StopReason stop) {
        public double decodeTokensPerSecond() {
            return tokens.length <= 1 ? 0 : (tokens.length - 1) / (decodeNanos / 1e9);
        }

        public double prefillTokensPerSecond() {
            return promptTokens / (prefillNanos / 1e9);
        }
    }

    /**
     * Generates up to {@code maxNew} tokens after {@code prompt} (which already holds BOS when the model wants one),
     * fewer when the model's context fills first (the prompt must leave room for one); stops early at a token
     * {@code isEnd} accepts (not emitted). Each new token goes to {@code onToken} as it comes.
     */
    public Result generate(int[] prompt, int maxNew, Sampler sampler, IntPredicate isEnd, IntConsumer onToken) {
        int limit = newTokenLimit(model, prompt, maxNew);
        KvCache cache = model.newCache(prompt.length + limit);
        int[] history = Arrays.copyOf(prompt, prompt.length + limit);
        int length = prompt.length;
        long start = System.nanoTime();
        Logits logits = model.prefill(cache, prompt);
        long prefill = System.nanoTime() - start;
        StopReason stop = StopReason.atLimit(limit, maxNew);
        long decodeStart = System.nanoTime();
        while (length - prompt.length < limit) {
            int next = sampler.sample(logits.data(), logits.offset(0), logits.vocabulary(), history, length);
            if (isEnd.test(next)) {
                stop = StopReason.END_OF_GENERATION;
                break;
            }
            history[length++] = next;
            onToken.accept(next);
            if (length - prompt.length < limit) {
                logits = model.decode(cache, next);
            }
        }
        long decode = System.nanoTime() - decodeStart;
        return new Result(Arrays.copyOfRange(history, prompt.length, length), prompt.length, prefill, decode, stop);
    }

    /** {@code maxNew} (at least 1), or fewer when the prompt and that many would overflow the model's context. */
    static int newTokenLimit(Transformer model, int[] prompt, int maxNew) {
        if (prompt.length == 0 || maxNew < 1) {
            throw new IllegalArgumentException("generation needs a prompt of at least one token and at least one new token, got "
                    + prompt.length + " and " + maxNew);
        }
        return Math.min(maxNew, model.config().roomAfter(prompt.length));
    }
}
