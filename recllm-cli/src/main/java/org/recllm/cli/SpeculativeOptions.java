package org.recllm.cli;

import org.recllm.llm.model.Transformer;
import org.recllm.llm.speculative.PoolSettings;
import org.recllm.llm.speculative.SpeculativeConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --speculative off|strict|relaxed} and how drafts are made: for {@code llm generate} and {@code knowledge generate}. */
final class SpeculativeOptions {
    @Option(names = "--speculative", defaultValue = "off", paramLabel = "off|strict|relaxed",
            description = "Draft tokens from pools of earlier generations and verify them in one pass: strict keeps the "
                    + "model's own output exactly (greedy: token for token; sampled: its distribution), relaxed also "
                    + "keeps a draft token that is among the model's --draft-top-k most likely with probability at least "
                    + "--draft-threshold. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Mixin
    DraftOptions draft;

    SpeculativeConfig config() {
        return draft.config(DraftOptions.mode("--speculative", mode));
    }

    /** The settings with pass costs measured on {@code model} when drafts are sized by cost. */
    SpeculativeConfig measured(SpeculativeConfig config, Transformer model) {
        return draft.measured(config, model);
    }

    /** Refuses option values that only matter once the model is open, before anything is printed. */
    void validate() {
        draft.validate();
    }

    PoolSettings poolSettings() {
        return draft.poolSettings();
    }
}
