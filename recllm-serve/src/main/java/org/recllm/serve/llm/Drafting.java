package org.recllm.serve.llm;

import org.recllm.llm.speculative.PoolSettings;
import org.recllm.llm.speculative.RetrievalPool;
import org.recllm.llm.speculative.SpeculativeConfig;

/**
 * DARE in the server: how drafts are checked and sized, how pools are kept, and the pool that requests without a
 * group draft from (seeded with earlier generations; it also takes their answers).
 */
public record Drafting(SpeculativeConfig speculation, PoolSettings poolSettings, RetrievalPool seed) {
    public static final Drafting OFF = new Drafting(SpeculativeConfig.off(), PoolSettings.DEFAULT, null);

    public Drafting {
        if (speculation.enabled() && seed == null) {
            throw new IllegalArgumentException("speculation needs a pool for requests without a group (it may be empty)");
        }
    }
}
