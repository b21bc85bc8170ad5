package org.recllm.knowledge.streaming;

/**
 * What one {@code knowledge update} run did over its windows: user-window prompts in all, how many were stored
 * already, how many answers it stored, their tokens and time; and, for the same refreshes, the prompt tokens that
 * re-reading each user's whole recent history (KAR's user prompt up to the window's end) would have cost instead
 * (-1 when the backend cannot count tokens, as a remote server).
 */
public record UpdateReport(int windows, int prompts, int alreadyStored, int generated, long promptTokens,
                           long completionTokens, long fullHistoryPromptTokens, double seconds) {

    /** Answers stored per second. */
    public double updatesPerSecond() {
        return seconds > 0 ? generated / seconds : 0;
    }
}
