package org.recllm.llm.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recllm.core.tensor.Tensor;
import org.recllm.core.testing.GradientCheck;
import org.recllm.llm.model.ModelConfig;
import org.recllm.llm.model.RopeStyle;

/**
 * Finite differences of the masked next-token loss of a whole 2-layer decoder (2 query heads over 1 key/value head)
 * against its backward pass, for 24 random elements of every parameter tensor (all of the small ones).
 */
class DecoderGradientTest {

    @ParameterizedTest
    @CsvSource({"NORMAL, false, false", "NEOX, true, true"})
    void everyParameterOfATwoLayerDecoder(RopeStyle style, boolean qkvBias, boolean tied) {
        ModelConfig config = new ModelConfig("llama", 16, 2, 2, 1, 8, 24, 23, 64, 1e-5f, 10000f, 8, 1f, style, qkvBias);
        // Large weights so that every gradient is well above the finite differences' noise.
        TrainableDecoder decoder = TrainableDecoder.random(config, tied, 0.3f, 5);
        Map<String, Tensor> parameters = decoder.parameters().dense();
        GradientCheck check = new GradientCheck(9).epsilon(2e-3).tolerance(1e-2, 5e-4).sample(24);
        parameters.values().forEach(check::include);
        int[] tokens = {1, 7, 0, 22, 7, 13};
        float[] answerOnly = {0, 0, 0, 1, 1, 1};
        check.check(tape -> decoder.loss(tape, tokens, answerOnly));
        parameters.forEach((name, tensor) -> {
            double largest = 0;
            for (int i = 0; i < tensor.size(); i++) {
                largest = Math.max(largest, Math.abs(tensor.grad()[i]));
            }
            assertTrue(largest > 1e-3, name + " gets a gradient of at most " + largest);
        });
    }
}
