package org.recllm.llm.generate;

/** Why a generation ended. */
public enum StopReason {
    /** The model produced an end-of-generation token (not emitted). */
    END_OF_GENERATION,
    /** As many tokens as were asked for. */
    MAX_TOKENS,
    /** The prompt and the new tokens fill the model's context: no position is left for another token. */
    CONTEXT_FULL,
    /** Its requester stopped it (a server's client went away, or a stop sequence appeared in the text). */
    CANCELLED;

    /** Why a generation that produced its whole {@code limit} of new tokens stopped, when {@code asked} were asked for. */
    static StopReason atLimit(int limit, int asked) {
        return limit == asked ? MAX_TOKENS : CONTEXT_FULL;
    }
}
