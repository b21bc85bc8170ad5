package org.recllm.llm.model;

/**
 * New tokens for one sequence in a (possibly batched) forward pass: they are appended to {@code cache} at its
 * current length. With {@code allLogits} the pass returns a logits row for every token (speculative verification,
 * scoring), otherwise only for the last.
 */
public record SequenceStep(KvCache cache, int[] tokens, boolean allLogits) {
    public SequenceStep {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a forward step needs at least one token");
        }
    }

    int logitRows() {
        return allLogits ? tokens.length : 1;
    }
}
