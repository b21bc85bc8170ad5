package org.recllm.cli;

import org.recllm.core.io.BadInputException;
import org.recllm.llm.model.Transformer;
import org.recllm.llm.speculative.PoolSettings;
import org.recllm.llm.speculative.SpeculativeConfig;
import org.recllm.llm.speculative.SpeculativeMode;
import picocli.CommandLine.Option;

/** How drafts are made and checked, whatever names the mode ({@code --speculative} or {@code bench speculative --mode}). */
final class DraftOptions {
    @Option(names = "--draft-top-k", defaultValue = "" + SpeculativeConfig.DEFAULT_TOP_K, paramLabel = "K",
            description = "Relaxed check: the draft token must be among the K most likely. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--draft-threshold", defaultValue = "" + SpeculativeConfig.DEFAULT_THRESHOLD, paramLabel = "P",
            description = "Relaxed check: the draft token's probability must be at least P. Default: ${DEFAULT-VALUE}.")
    float threshold;

    @Option(names = "--max-draft", defaultValue = "" + SpeculativeConfig.DEFAULT_MAX_DRAFT, paramLabel = "N",
            description = "Longest draft; each sequence's drafts are sized by --draft-policy. Default: ${DEFAULT-VALUE}.")
    int maxDraft;

    @Option(names = "--pool-capacity", defaultValue = "4000000", paramLabel = "TOKENS",
            description = "Tokens of earlier answers a pool keeps (the oldest half is dropped past it). Default: ${DEFAULT-VALUE}.")
    long poolCapacity;

    @Option(names = "--draft-policy", defaultValue = "cost", paramLabel = "cost|acceptance",
            description = "How long each draft is: cost weighs each token's chance of acceptance (its share among the "
                    + "pool's continuations, calibrated by what was accepted) against the engine's cost of a longer pass, "
                    + "measured on the model at start (a second or two); acceptance follows recent acceptance alone. "
                    + "Default: ${DEFAULT-VALUE}.")
    String policy;

    /** Refuses a --draft-policy that is neither cost nor acceptance. */
    void validate() {
        costAware();
    }

    /** Whether drafts are sized by cost, which needs the engine's pass costs measured on the model. */
    private boolean costAware() {
        return switch (policy) {
            case "cost" -> true;
            case "acceptance" -> false;
            default -> throw new BadInputException("--draft-policy", 0, null, "expected cost or acceptance, got '" + policy + "'");
        };
    }

    /** {@code config} with the pass costs measured on {@code model} when drafts are sized by cost. */
    SpeculativeConfig measured(SpeculativeConfig config, Transformer model) {
        if (!config.enabled() || !costAware()) {
            return config;
        }
        try {
            return config.measuredOn(model);
        } catch (IllegalArgumentException e) {
            // The model's context is shorter than passes as long as the longest draft.
            throw new BadInputException("--max-draft", 0, null, e.getMessage() + " (or --draft-policy acceptance)");
        }
    }

    SpeculativeConfig config(SpeculativeMode mode) {
        try {
            return new SpeculativeConfig(mode, maxDraft, topK, threshold);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--max-draft/--draft-top-k/--draft-threshold", 0, null, e.getMessage());
        }
    }

    PoolSettings poolSettings() {
        try {
            return new PoolSettings(PoolSettings.DEFAULT.minMatch(), PoolSettings.DEFAULT.maxContext(), poolCapacity);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--pool-capacity", 0, null, e.getMessage());
        }
    }

    /** A mode by its command-line name, refused with the option's name. */
    static SpeculativeMode mode(String option, String name) {
        try {
            return SpeculativeMode.parse(name);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option, 0, null, e.getMessage());
        }
    }
}
