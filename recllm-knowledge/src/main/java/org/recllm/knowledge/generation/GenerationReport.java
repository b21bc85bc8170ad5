package org.recllm.knowledge.generation;

/**
 * What one generation run did: prompts asked for, how many were already stored (skipped), how many answers it stored,
 * their tokens, the run's time and what the tokens cost.
 */
public record GenerationReport(int prompts, int alreadyStored, int generated, long promptTokens, long completionTokens,
                               double seconds, double costUsd) {

    public double entitiesPerSecond() {
        return seconds > 0 ? generated / seconds : 0;
    }

    /** New tokens written per second, the figure decode speed is quoted in. */
    public double completionTokensPerSecond() {
        return seconds > 0 ? completionTokens / seconds : 0;
    }

    /** Prompt and new tokens per second. */
    public double tokensPerSecond() {
        return seconds > 0 ? (promptTokens + completionTokens) / seconds : 0;
    }
}
