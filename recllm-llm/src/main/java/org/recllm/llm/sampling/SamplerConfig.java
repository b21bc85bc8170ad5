package org.recllm.llm.sampling;

/**
 * How the next token is chosen. Temperature 0 is greedy. Otherwise, in llama.cpp's order: repetition penalty over
 * the last {@code repeatWindow} tokens, top-k, top-p (nucleus), min-p (relative to the most likely token), then a
 * draw at the given temperature from a stream seeded with {@code seed}.
 */
public record SamplerConfig(float temperature, int topK, float topP, float minP, float repeatPenalty, int repeatWindow,
                            long seed) {

    public SamplerConfig {
        if (temperature < 0 || topK < 0 || topP <= 0 || topP > 1 || minP < 0 || minP >= 1 || repeatPenalty <= 0
                || repeatWindow < 0) {
            throw new IllegalArgumentException("invalid sampler settings: temperature " + temperature + ", top-k " + topK
                    + ", top-p " + topP + ", min-p " + minP + ", repeat penalty " + repeatPenalty);
        }
    }

    public static SamplerConfig greedy() {
        return new SamplerConfig(0f, 0, 1f, 0f, 1f, 0, 0);
    }

    /** llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no repetition penalty. */
    public static SamplerConfig defaults(long seed) {
        return new SamplerConfig(0.8f, 40, 0.95f, 0.05f, 1f, 64, seed);
    }

    public boolean isGreedy() {
        return temperature == 0f;
    }
}
