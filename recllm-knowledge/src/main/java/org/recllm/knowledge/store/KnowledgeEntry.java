package org.recllm.knowledge.store;

import java.time.Instant;

/**
 * One answer of a model about an entity, with what it cost: token counts (0 where unknown, as for imported text) and
 * latency in milliseconds.
 */
public record KnowledgeEntry(EntryKey key, String prompt, String answer, int promptTokens, int completionTokens,
                             long latencyMs, Instant createdAt) {

    public KnowledgeEntry {
        if (key == null || prompt == null || answer == null || createdAt == null) {
            throw new IllegalArgumentException("key, prompt, answer and creation time are required");
        }
        if (!key.promptHash().equals(EntryKey.hash(prompt))) {
            throw new IllegalArgumentException("the key's prompt hash is not the hash of the prompt");
        }
        if (promptTokens < 0 || completionTokens < 0 || latencyMs < 0) {
            throw new IllegalArgumentException("token counts and latency must not be negative");
        }
    }

    /** Whether {@code other} says the same thing at the same cost; when it was made does not matter. */
    public boolean sameContentAs(KnowledgeEntry other) {
        return key.equals(other.key) && prompt.equals(other.prompt) && answer.equals(other.answer)
                && promptTokens == other.promptTokens && completionTokens == other.completionTokens
                && latencyMs == other.latencyMs;
    }
}
