package org.recllm.knowledge.backend;

/** A model's answer to one conversation: its text, the tokens read and written, and how long the answer took. */
public record Completion(String text, int promptTokens, int completionTokens, long latencyMs) {

    public Completion {
        if (text == null) {
            throw new IllegalArgumentException("a completion has text, possibly empty");
        }
        if (promptTokens < 0 || completionTokens < 0 || latencyMs < 0) {
            throw new IllegalArgumentException("token counts and latency must not be negative");
        }
    }
}
