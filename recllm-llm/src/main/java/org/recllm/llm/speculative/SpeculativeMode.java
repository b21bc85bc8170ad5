package org.recllm.llm.speculative;

import java.util.Locale;

/** How drafted tokens are checked against the model. */
public enum SpeculativeMode {
    /** No drafts: one token per forward pass. */
    OFF,
    /**
     * A draft token stays only where the model would have produced it: greedy output is token for token that of plain
     * greedy decoding, and sampled output keeps the model's distribution exactly (speculative sampling).
     */
    STRICT,
    /**
     * A draft token also stays where it is among the model's top-k tokens with at least a threshold of probability
     * (DARE's relaxed verification): more tokens per pass, output no longer exactly the model's own.
     */
    RELAXED;

    /** {@code off}, {@code strict} or {@code relaxed}, as on the command line. */
    public static SpeculativeMode parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("speculative mode must be off, strict or relaxed, got '" + name + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
