package org.recllm.knowledge.backend;

import java.io.Serializable;

/**
 * How to answer: at most {@code maxTokens} new tokens, greedy at temperature 0, otherwise sampled with {@code seed}
 * (backends derive each prompt's stream from the seed and the prompt, so an answer does not depend on batch order).
 */
public record GenerationSettings(int maxTokens, float temperature, long seed) implements Serializable {

    public GenerationSettings {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1, got " + maxTokens);
        }
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
        }
    }
}
