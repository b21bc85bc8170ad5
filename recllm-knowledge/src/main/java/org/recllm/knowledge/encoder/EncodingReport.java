package org.recllm.knowledge.encoder;

/** What one encoding run did: entries encoded, how many of their texts were cut to the token limit, and its time. */
public record EncodingReport(String encoderId, long encoded, long truncated, double seconds) {

    public double entriesPerSecond() {
        return seconds > 0 ? encoded / seconds : 0;
    }
}
