package org.recllm.llm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.tokenizer.Detokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.generate.Generator;
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
        assertEquals(REFERENCES.get(prompt), prompt + continuation + text.finish());
    }

    @Test
    void aMultiPositionPassEqualsTokenByTokenDecoding() {
        int[] tokens = greedyContinuation(16);
        KvCache stepwise = model.newCache(64);
        float[][] expected = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            expected[i] = model.forward(stepwise, new int[] {tokens[i]}, false).row(0);
        }
        KvCache together = model.newCache(64);
        Logits all = model.forward(together, tokens, true);
        for (int i = 0; i < tokens.length; i++) {
            assertEquals(0, maxDifference(expected[i], all.row(i)), 1e-4, "position " + i);
        }
        assertEquals(tokens.length, together.length());
    }

    @Test
    void decodingAfterTruncateEqualsDecodingWithoutTheRolledBackTokens() {
        int[] tokens = greedyContinuation(12);
        KvCache clean = model.newCache(64);
        model.forward(clean, Arrays.copyOf(tokens, 8), false);
        float[] expected = model.forward(clean, new int[] {tokens[8]}, false).row(0);

        KvCache rolled = model.newCache(64);
        model.forward(rolled, Arrays.copyOf(tokens, 8), false);
        model.forward(rolled, new int[] {300, 301, 302}, true);
        rolled.truncate(8);
        float[] actual = model.forward(rolled, new int[] {tokens[8]}, false).row(0);
        assertEquals(0, maxDifference(expected, actual), 1e-6);
    }

    @Test
    void aBatchedPassEqualsSeparatePasses() {
        int[] first = greedyContinuation(6);
        int[] second = {1, 45, 300, 271};
        KvCache a = model.newCache(32);
        KvCache b = model.newCache(32);
        Logits batched = model.forward(List.of(new SequenceStep(a, first, false), new SequenceStep(b, second, true)));
        float[] firstLast = batched.row(0);
        float[][] secondAll = {batched.row(1), batched.row(2), batched.row(3), batched.row(4)};
        assertEquals(5, batched.rows());
        float[] separateFirst = model.forward(model.newCache(32), first, false).row(0);
        Logits separateSecond = model.forward(model.newCache(32), second, true);
        assertEquals(0, maxDifference(separateFirst, firstLast), 1e-5);
        for (int i = 0; i < second.length; i++) {
            assertEquals(0, maxDifference(separateSecond.row(i), secondAll[i]), 1e-5);
        }
    }

    @Test
    void finalHiddenStatesProjectToTheLogits() {
        int[] tokens = prompt();
        float[] hidden = model.hiddenStates(model.newCache(16), tokens, model.config().layers());
        float[] logits = model.forward(model.newCache(16), tokens, true).row(tokens.length - 1);
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
        float[] middle = model.hiddenStates(model.newCache(16), tokens, 2);
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
