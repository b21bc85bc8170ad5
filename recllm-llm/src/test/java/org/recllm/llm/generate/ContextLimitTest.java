package org.recllm.llm.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.quant.GgmlType;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.gguf.RandomModelSpec;
import org.recllm.llm.gguf.RandomModels;
import org.recllm.llm.sampling.Sampler;
import org.recllm.llm.sampling.SamplerConfig;

/** Generation never runs past the model's context (256 positions for the tiny random model), whatever is asked. */
class ContextLimitTest {
    @TempDir
    static Path dir;
    private static LanguageModel llm;

    @BeforeAll
    static void load() {
        Path file = dir.resolve("tiny.gguf");
        RandomModels.write(RandomModelSpec.tiny("llama", GgmlType.F32, 1), file);
        llm = LanguageModel.open(file);
    }

    @AfterAll
    static void close() {
        llm.close();
    }

    private static int[] prompt(int length) {
        int[] prompt = new int[length];
        Arrays.fill(prompt, 20);
        return prompt;
    }

    @Test
    void generationStopsWhereTheContextIsFull() {
        Generator.Result result = new Generator(llm.transformer()).generate(prompt(250), 1_000_000_000,
                new Sampler(SamplerConfig.greedy()), token -> false, token -> { });
        assertEquals(6, result.tokens().length);
        assertEquals(StopReason.CONTEXT_FULL, result.stop());
        Generator.Result asked = new Generator(llm.transformer()).generate(prompt(250), 6, new Sampler(SamplerConfig.greedy()),
                token -> false, token -> { });
        assertEquals(StopReason.MAX_TOKENS, asked.stop());
        assertEquals(Arrays.toString(result.tokens()), Arrays.toString(asked.tokens()));
    }

    @Test
    void batchedGenerationStopsThereToo() {
        List<BatchGenerator.Completion> done = new BatchGenerator(llm.transformer()).generate(List.of(
                new BatchGenerator.Request(prompt(253), Integer.MAX_VALUE, SamplerConfig.greedy(), token -> false),
                new BatchGenerator.Request(prompt(3), 5, SamplerConfig.greedy(), token -> false)), 2, completion -> { });
        assertEquals(3, done.get(0).tokens().length);
        assertEquals(StopReason.CONTEXT_FULL, done.get(0).stop());
        assertEquals(5, done.get(1).tokens().length);
        assertEquals(StopReason.MAX_TOKENS, done.get(1).stop());
    }

    @Test
    void aPromptThatFillsTheContextIsRefusedUpFront() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Generator(llm.transformer())
                .generate(prompt(256), 1, new Sampler(SamplerConfig.greedy()), token -> false, token -> { }));
        assertEquals("a prompt of 256 tokens leaves no room in the model's context of 256 tokens", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Generator(llm.transformer())
                .generate(prompt(3), 0, new Sampler(SamplerConfig.greedy()), token -> false, token -> { }));
    }
}
