package org.recllm.llm.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.sampling.Sampler;
import org.recllm.llm.sampling.SamplerConfig;

/** Continuous batching produces exactly what generating each prompt alone produces, whatever the batch width. */
class BatchGeneratorTest {

    @Test
    void batchedGenerationEqualsSequentialGeneration() {
        try (LanguageModel llm = LanguageModel.open(SharedData.require("models/stories260K.gguf"))) {
            String[] prompts = {"Once upon a time", "The little dog", "Lily and Ben went to the park", "Tom had a", "The sun"};
            int[] lengths = {30, 12, 25, 40, 7};
            List<BatchGenerator.Request> requests = new ArrayList<>();
            List<int[]> expected = new ArrayList<>();
            for (int i = 0; i < prompts.length; i++) {
                SamplerConfig sampling = i % 2 == 0 ? SamplerConfig.greedy() : SamplerConfig.defaults(i);
                int[] prompt = llm.prompt(prompts[i]);
                requests.add(new BatchGenerator.Request(prompt, lengths[i], sampling, token -> token == llm.tokenizer().eos()));
                expected.add(new Generator(llm.transformer()).generate(prompt, lengths[i], new Sampler(sampling),
                        token -> token == llm.tokenizer().eos(), token -> { }).tokens());
            }
            for (int width : new int[] {1, 2, 5}) {
                List<Integer> finishOrder = new ArrayList<>();
                List<BatchGenerator.Completion> completions = new BatchGenerator(llm.transformer())
                        .generate(requests, width, completion -> finishOrder.add(completion.index()));
                for (int i = 0; i < prompts.length; i++) {
                    assertEquals(i, completions.get(i).index());
                    assertArrayEquals(expected.get(i), completions.get(i).tokens(), "prompt " + i + " at width " + width);
                }
                assertEquals(prompts.length, finishOrder.size());
            }
        }
    }
}
