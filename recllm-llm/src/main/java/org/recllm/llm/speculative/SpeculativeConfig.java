package org.recllm.llm.speculative;

import org.recllm.llm.model.Transformer;

/**
 * Speculative decoding settings: the mode; drafts of up to {@code maxDraft} tokens, their length chosen by a
 * {@link DraftPolicy} — from recent acceptance alone, or, with the engine's {@code passCost} (cost[k] of a k-position
 * pass relative to one, k = 1 … maxDraft + 1; see {@link PassCosts}), by expected tokens per cost; and, for
 * {@link SpeculativeMode#RELAXED}, the acceptance test — the draft token among the model's {@code topK} most likely
 * with probability at least {@code threshold}.
 */
public record SpeculativeConfig(SpeculativeMode mode, int maxDraft, int topK, float threshold, double[] passCost) {
    /** DARE's published relaxed defaults: top-2, probability ≥ 0.1. */
    public static final int DEFAULT_TOP_K = 2;
    public static final float DEFAULT_THRESHOLD = 0.1f;
    /** The engine's k-position cost stays near one position's up to k = 4 to 8 on this kind of CPU. */
    public static final int DEFAULT_MAX_DRAFT = 8;

    public SpeculativeConfig {
        if (mode == null) {
            throw new IllegalArgumentException("a speculative mode is required");
        }
        if (maxDraft < 1 || maxDraft > 64) {
            throw new IllegalArgumentException("drafts must be 1 to 64 tokens long at most, got " + maxDraft);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("the relaxed check's top-k must be at least 1, got " + topK);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the relaxed check's probability threshold must be in [0, 1], got " + threshold);
        }
        if (passCost != null) {
            if (passCost.length < maxDraft + 2) {
                throw new IllegalArgumentException("pass costs must cover 1 to " + (maxDraft + 1) + " positions");
            }
            passCost = passCost.clone();
        }
    }

    /** Drafts sized by recent acceptance alone. */
    public SpeculativeConfig(SpeculativeMode mode, int maxDraft, int topK, float threshold) {
        this(mode, maxDraft, topK, threshold, null);
    }

    /** The same settings, drafts sized by expected tokens per cost of a pass on the engine. */
    public SpeculativeConfig withPassCosts(double[] cost) {
        return new SpeculativeConfig(mode, maxDraft, topK, threshold, cost);
    }

    /**
     * These settings with the pass costs measured on {@code model} (a second or two): drafts then sized by expected
     * tokens per cost. Refused when the model's context is too short to measure passes as long as the longest draft.
     */
    public SpeculativeConfig measuredOn(Transformer model) {
        return withPassCosts(PassCosts.measure(model, maxDraft + 1));
    }

    /** A fresh policy for one sequence. */
    public DraftPolicy newPolicy() {
        return new DraftPolicy(maxDraft, passCost);
    }

    public static SpeculativeConfig off() {
        return of(SpeculativeMode.OFF);
    }

    public static SpeculativeConfig of(SpeculativeMode mode) {
        return new SpeculativeConfig(mode, DEFAULT_MAX_DRAFT, DEFAULT_TOP_K, DEFAULT_THRESHOLD);
    }

    public boolean enabled() {
        return mode != SpeculativeMode.OFF;
    }
}
