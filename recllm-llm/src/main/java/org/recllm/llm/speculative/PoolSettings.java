package org.recllm.llm.speculative;

/**
 * How a {@link RetrievalPool} matches and how much it holds: drafts continue a suffix of {@code minMatch} to
 * {@code maxContext} tokens, and the pool keeps up to {@code capacityTokens} tokens of the newest answers.
 */
public record PoolSettings(int minMatch, int maxContext, long capacityTokens) {
    /** Two-token matches at least (one token matches almost anywhere), up to five, four million tokens. */
    public static final PoolSettings DEFAULT = new PoolSettings(2, 5, 4_000_000);

    public PoolSettings {
        if (minMatch < 1 || maxContext < minMatch || maxContext > 64) {
            throw new IllegalArgumentException("a pool matches suffixes of 1 ≤ min ≤ max ≤ 64 tokens, got min " + minMatch
                    + " and max " + maxContext);
        }
        if (capacityTokens < 2) {
            throw new IllegalArgumentException("a pool's capacity must be at least 2 tokens, got " + capacityTokens);
        }
    }
}
