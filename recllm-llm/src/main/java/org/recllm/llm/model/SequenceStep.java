package org.recllm.llm.model;

/**
 * New tokens for one sequence in a batched forward pass ({@link Transformer#prefill(java.util.List)}): they are
 * appended to {@code cache} at its current length.
 */
public record SequenceStep(KvCache cache, int[] tokens) {
    public SequenceStep {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a forward step needs at least one token");
        }
    }
}
