package org.recllm.llm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recllm.core.quant.GgmlType;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.gguf.RandomModelSpec;
import org.recllm.llm.gguf.RandomModels;
import org.recllm.llm.model.Logits;

/**
 * The trainable decoder's forward pass equals the inference engine's at every position: on the real stories260K
 * (Llama, adjacent RoPE pairs, grouped key/value heads) and on random Llama and Qwen2 files (half-split pairs, Q/K/V
 * biases, a tied head) stored as F16 and BF16.
 */
class EngineAgreementTest {
    @TempDir
    static Path dir;

    @Test
    void stories260kLogitsEqualTheEnginesAtEveryPosition() {
        try (LanguageModel llm = LanguageModel.open(SharedData.require("models/stories260K.gguf"))) {
            int[] tokens = llm.prompt("Once upon a time, there was a little girl named Lily. She loved to play outside");
            double error = worstRelativeError(llm, tokens);
            assertTrue(tokens.length > 16, "a multi-token sequence: " + tokens.length);
            assertTrue(error < 1e-4, "largest logit difference relative to the row's largest logit: " + error);
        }
    }

    @ParameterizedTest
    @CsvSource({"llama, F16, false", "qwen2, BF16, true"})
    void randomModelLogitsEqualTheEnginesAtEveryPosition(String architecture, GgmlType type, boolean tied) {
        Path file = dir.resolve(architecture + "-" + type + ".gguf");
        RandomModels.write(new RandomModelSpec(architecture, 512, 64, 2, 4, 2, 128, type, tied, 256, 11), file);
        try (LanguageModel llm = LanguageModel.open(file)) {
            int[] tokens = new int[24];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = (i * 37 + 5) % 512;
            }
            assertEquals(architecture.equals("qwen2"), llm.config().qkvBias());
            double error = worstRelativeError(llm, tokens);
            assertTrue(error < 1e-4, "largest logit difference relative to the row's largest logit: " + error);
        }
    }

    /** The largest |trainable − engine| over each row's largest |engine logit|, over all positions. */
    private static double worstRelativeError(LanguageModel llm, int[] tokens) {
        TrainableDecoder decoder = TrainableDecoder.fromGguf(llm.gguf());
        Tensor trained = decoder.logits(new Tape().gradients(false), tokens);
        Logits engine = llm.transformer().logitsAll(llm.transformer().newCache(tokens.length), tokens);
        int vocabulary = llm.config().vocabulary();
        assertEquals(tokens.length * vocabulary, trained.size());
        double worst = 0;
        for (int t = 0; t < tokens.length; t++) {
            float[] expected = engine.row(t);
            double scale = 0;
            double difference = 0;
            for (int j = 0; j < vocabulary; j++) {
                scale = Math.max(scale, Math.abs(expected[j]));
                difference = Math.max(difference, Math.abs(expected[j] - trained.get(t * vocabulary + j)));
            }
            worst = Math.max(worst, difference / scale);
        }
        return worst;
    }
}
