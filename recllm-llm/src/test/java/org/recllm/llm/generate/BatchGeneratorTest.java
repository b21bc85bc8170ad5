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

    @Test
    void aRunningBatchAdmitsLateRequestsAndDropsCancelledOnes() throws InterruptedException {
        try (LanguageModel llm = LanguageModel.open(SharedData.require("models/stories260K.gguf"))) {
            int[] first = llm.prompt("Once upon a time");
            int[] late = llm.prompt("The little dog");
            int[] expectedLate = new Generator(llm.transformer()).generate(late, 20, new Sampler(SamplerConfig.greedy()),
                    token -> false, token -> { }).tokens();
            java.util.concurrent.atomic.AtomicInteger produced = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            java.util.Set<Integer> cancelled = java.util.concurrent.ConcurrentHashMap.newKeySet();
            List<BatchGenerator.Completion> done = new ArrayList<>();
            BatchGenerator.RequestSource source = new BatchGenerator.RequestSource() {
                @Override
                public BatchGenerator.Numbered next(boolean wait) {
                    return switch (calls.getAndIncrement()) {
                        case 0 -> new BatchGenerator.Numbered(0, new BatchGenerator.Request(first, 200, SamplerConfig.greedy(),
                                token -> false, null, token -> {
                                    if (produced.incrementAndGet() == 10) {
                                        cancelled.add(0);
                                    }
                                }));
                        // Joins while the first sequence is decoding (the batch polls between passes).
                        case 3 -> new BatchGenerator.Numbered(1, new BatchGenerator.Request(late, 20, SamplerConfig.greedy(),
                                token -> false));
                        default -> null;
                    };
                }

                @Override
                public boolean cancelled(int index) {
                    return cancelled.contains(index);
                }
            };
            new BatchGenerator(llm.transformer()).run(source, 4, done::add);
            assertEquals(2, done.size());
            BatchGenerator.Completion stopped = done.stream().filter(c -> c.index() == 0).findFirst().orElseThrow();
            assertEquals(StopReason.CANCELLED, stopped.stop());
            assertEquals(10, stopped.tokens().length, "cancelled at the pass after its 10th token");
            BatchGenerator.Completion joined = done.stream().filter(c -> c.index() == 1).findFirst().orElseThrow();
            assertArrayEquals(expectedLate, joined.tokens(), "a late request generates as it would alone");
        }
    }
}
