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
    public record Result(int[] tokens, int promptTokens, long prefillNanos, long decodeNanos, boolean stoppedAtEnd) {
        public double decodeTokensPerSecond() {
            return tokens.length <= 1 ? 0 : (tokens.length - 1) / (decodeNanos / 1e9);
        }

        public double prefillTokensPerSecond() {
            return promptTokens / (prefillNanos / 1e9);
        }
    }

    /**
     * Generates up to {@code maxNew} tokens after {@code prompt} (which already holds BOS when the model wants one);
     * stops early at a token {@code isEnd} accepts (not emitted). Each new token goes to {@code onToken} as it comes.
     */
    public Result generate(int[] prompt, int maxNew, Sampler sampler, IntPredicate isEnd, IntConsumer onToken) {
        KvCache cache = model.newCache(prompt.length + maxNew);
        int[] history = Arrays.copyOf(prompt, prompt.length + maxNew);
        int length = prompt.length;
        long start = System.nanoTime();
        Logits logits = model.forward(cache, prompt, false);
        long prefill = System.nanoTime() - start;
        int produced = 0;
        boolean ended = false;
        long decodeStart = System.nanoTime();
        int[] one = new int[1];
        while (produced < maxNew) {
            int next = sampler.sample(logits.data(), logits.offset(0), logits.vocabulary(), history, length);
            if (isEnd.test(next)) {
                ended = true;
                break;
            }
            history[length++] = next;
            produced++;
            onToken.accept(next);
            if (produced == maxNew) {
                break;
            }
            one[0] = next;
            logits = model.forward(cache, one, false);
        }
        long decode = System.nanoTime() - decodeStart;
        return new Result(Arrays.copyOfRange(history, prompt.length, length), prompt.length, prefill, decode, ended);
    }
}
