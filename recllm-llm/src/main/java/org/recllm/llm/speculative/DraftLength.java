package org.recllm.llm.speculative;

/**
 * How long the next draft of a sequence is: half the longest to start; one longer after a draft accepted whole, up to
 * the longest; one past what was accepted after a rejection — long drafts where the pool predicts the text well,
 * short ones (which cost little in a pass) where it does not.
 */
public final class DraftLength {
    private DraftLength() {}

    public static int initial(int maxDraft) {
        return Math.max(1, maxDraft / 2);
    }

    public static int next(int current, int drafted, int accepted, int maxDraft) {
        if (drafted == 0) {
            return current;
        }
        return accepted == drafted ? Math.min(maxDraft, current + 1) : Math.max(1, accepted + 1);
    }
}
