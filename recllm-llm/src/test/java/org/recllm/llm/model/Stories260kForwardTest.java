package org.recllm.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.tokenizer.Detokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.generate.Generator;
import org.recllm.llm.generate.StopReason;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.sampling.Sampler;
import org.recllm.llm.sampling.SamplerConfig;

/**
 * The forward pass on the real stories260K model: greedy decoding equals llama.cpp's reference text, and the
 * KV-cache operations (multi-position passes, truncation, batching, hidden states) agree with plain decoding.
 */
class Stories260kForwardTest {
    /** llama.cpp c392e50, llama-simple -n 48 (shared/models/README.md): prompt and greedy continuation. */
    private static final Map<String, String> REFERENCES = Map.of(
            "Once upon a time", "Once upon a time, there was a little girl named Lily. She loved to play outside in the "
                    + "park. One day, she saw a big, red ball. She wanted to play with it,",
            "The little dog", "The little dog was a little girl named Lily. She loved to play with her toys and her toys. "
                    + "One day, she saw a big box with a big box. It was a big,",
            "Lily and Ben went to the park", "Lily and Ben went to the park. They saw a big box with a big box. They wanted "
                    + "to play with it. They wanted to play with the box. They wanted to play with the box.\n\"L");

    private static LanguageModel llm;
    private static GgufFile gguf;
    private static Transformer model;

    @BeforeAll
    static void load() {
        llm = LanguageModel.open(SharedData.require("models/stories260K.gguf"));
        gguf = llm.gguf();
        model = llm.transformer();
    }

    @AfterAll
    static void close() {
        llm.close();
    }

    private static int[] prompt() {
        return llm.prompt("Once upon a time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Once upon a time", "The little dog", "Lily and Ben went to the park"})
    void greedyDecodingReproducesLlamaCpp(String prompt) {
        Detokenizer text = new Detokenizer(llm.tokenizer());
        StringBuilder continuation = new StringBuilder();
        Generator.Result result = new Generator(model).generate(llm.prompt(prompt), 48, new Sampler(SamplerConfig.greedy()),
                token -> llm.tokenizer().endOfGeneration().contains(token), token -> continuation.append(text.accept(token)));
        assertEquals(48, result.tokens().length);
        assertEquals(StopReason.MAX_TOKENS, result.stop());
        assertEquals(REFERENCES.get(prompt), prompt + continuation + text.finish());
    }

    @Test
    void logitsAllAtEachPositionEqualDecodeLogitsAfterThatManyTokens() {
        int[] tokens = greedyContinuation(16);
        KvCache stepwise = model.newCache(64);
        float[][] expected = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            expected[i] = model.decode(stepwise, tokens[i]).row(0);
        }
        KvCache together = model.newCache(64);
        Logits all = model.logitsAll(together, tokens);
        assertEquals(tokens.length, all.rows());
        for (int i = 0; i < tokens.length; i++) {
            // Bit for bit, as strict speculative decoding needs.
            assertEquals(0, maxDifference(expected[i], all.row(i)), "position " + i);
        }
        assertEquals(tokens.length, together.length());
        // After the pass the cache decodes on as if the tokens had been decoded one by one.
        assertEquals(0, maxDifference(model.decode(stepwise, 42).row(0), model.decode(together, 42).row(0)), 1e-4);
    }

    @Test
    void prefillReturnsTheLastPositionsLogits() {
        int[] tokens = greedyContinuation(10);
        KvCache cache = model.newCache(16);
        Logits last = model.prefill(cache, tokens);
        assertEquals(1, last.rows());
        assertEquals(tokens.length, cache.length());
        float[] all = model.logitsAll(model.newCache(16), tokens).row(tokens.length - 1);
        assertEquals(0, maxDifference(all, last.row(0)), 1e-5);
    }

    @Test
    void eachKindOfPassKeepsItsOwnResult() {
        int[] tokens = greedyContinuation(12);
        KvCache cache = model.newCache(32);
        model.prefill(cache, prompt());
        Logits decoded = model.decode(cache, 300);
        float[] before = decoded.row(0);
        model.logitsAll(model.newCache(32), tokens);
        model.prefill(model.newCache(32), new int[] {1, 2, 3});
        model.hiddenStates(tokens, model.config().layers());
        assertEquals(0, maxDifference(before, decoded.row(0)), 0, "decode's logits survive other passes");
    }

    @Test
    void hiddenStatesLeaveDecodingUntouched() {
        int[] tokens = greedyContinuation(12);
        float[] expected = ninthTokenLogits(tokens, cache -> { });
        float[] actual = ninthTokenLogits(tokens, cache -> {
            model.hiddenStates(List.of(tokens, Arrays.copyOf(tokens, 5)), 2);
            model.hiddenStates(tokens, model.config().layers());
            assertEquals(8, cache.length());
        });
        assertEquals(0, maxDifference(expected, actual), 0);
    }

    @Test
    void decodingAfterTruncateEqualsDecodingWithoutTheRolledBackTokens() {
        int[] tokens = greedyContinuation(12);
        float[] expected = ninthTokenLogits(tokens, cache -> { });
        float[] actual = ninthTokenLogits(tokens, cache -> {
            model.logitsAll(cache, new int[] {300, 301, 302});
            cache.truncate(8);
        });
        assertEquals(0, maxDifference(expected, actual), 1e-6);
    }

    /** Decode logits of {@code tokens[8]} after a prefill of the first eight and {@code between} on that cache. */
    private static float[] ninthTokenLogits(int[] tokens, Consumer<KvCache> between) {
        KvCache cache = model.newCache(32);
        model.prefill(cache, Arrays.copyOf(tokens, 8));
        between.accept(cache);
        return model.decode(cache, tokens[8]).row(0);
    }

    @Test
    void aBatchedPrefillEqualsSeparatePrefills() {
        int[] first = greedyContinuation(6);
        int[] second = {1, 45, 300, 271};
        Logits batched = model.prefill(List.of(new SequenceStep(model.newCache(32), first),
                new SequenceStep(model.newCache(32), second)));
        assertEquals(2, batched.rows());
        float[] firstLast = batched.row(0);
        float[] secondLast = batched.row(1);
        assertEquals(0, maxDifference(model.prefill(model.newCache(32), first).row(0), firstLast), 1e-5);
        assertEquals(0, maxDifference(model.prefill(model.newCache(32), second).row(0), secondLast), 1e-5);
    }

    @Test
    void aPassPastTheCacheOrTheContextIsRefused() {
        KvCache small = model.newCache(4);
        model.prefill(small, new int[] {1, 2, 3});
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class, () -> model.logitsAll(small, new int[] {4, 5}));
        assertEquals("the sequence would reach 5 tokens; its cache holds 4", full.getMessage());
        assertEquals(3, small.length());
        assertThrows(IllegalArgumentException.class, () -> model.newCache(model.config().contextLength() + 1));
        assertThrows(IllegalArgumentException.class, () -> model.newCache(0));
    }

    @Test
    void finalHiddenStatesProjectToTheLogits() {
        int[] tokens = prompt();
        float[] hidden = model.hiddenStates(tokens, model.config().layers());
        float[] logits = model.logitsAll(model.newCache(16), tokens).row(tokens.length - 1);
        float[] output = new float[model.config().dim()];
        int dim = model.config().dim();
        int last = tokens.length - 1;
        for (int token : new int[] {0, 7, 403, 511}) {
            gguf.matrix("output.weight").dequantizeRow(token, output, 0);
            double dot = 0;
            for (int j = 0; j < dim; j++) {
                dot += output[j] * hidden[last * dim + j];
            }
            assertEquals(logits[token], dot, 1e-4);
        }
        float[] middle = model.hiddenStates(tokens, 2);
        assertTrue(maxDifference(Arrays.copyOf(middle, dim), Arrays.copyOf(hidden, dim)) > 1e-3,
                "an inner layer's states differ from the final ones");
    }

    /** The prompt and its greedy continuation, {@code count} tokens in all. */
    private static int[] greedyContinuation(int count) {
        int[] prompt = prompt();
        int[] continuation = new Generator(model).generate(prompt, count - prompt.length, new Sampler(SamplerConfig.greedy()),
                token -> false, token -> { }).tokens();
        return concat(prompt, continuation);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
