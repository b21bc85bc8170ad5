package org.recllm.llm.model;

/**
 * New tokens for one sequence in a batched forward pass ({@link Transformer#prefill(java.util.List)}): they are
 * appended to {@code cache} at its current length, and the pass returns logits at the last {@code outputs} of them
 * (1 for a prompt or a decode step; every drafted position when a speculative draft is verified). {@code condition}
 * is the sequence's input to weights that route by it ({@link RowConditioning}, e.g. a user representation), null for
 * plain weights.
 */
public record SequenceStep(KvCache cache, int[] tokens, int outputs, float[] condition) {
    public SequenceStep {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a forward step needs at least one token");
        }
        if (outputs < 1 || outputs > tokens.length) {
            throw new IllegalArgumentException("a step of " + tokens.length + " tokens returns logits at 1 to "
                    + tokens.length + " of them, not " + outputs);
        }
    }

    public SequenceStep(KvCache cache, int[] tokens, int outputs) {
        this(cache, tokens, outputs, null);
    }

    /** Logits at the last token only. */
    public SequenceStep(KvCache cache, int[] tokens) {
        this(cache, tokens, 1, null);
    }
}
