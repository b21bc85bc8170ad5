package org.recllm.serve.http;

/**
 * How the LLM server listens and how much it takes on.
 *
 * @param port          0 picks a free port
 * @param maxConcurrent sequences sharing each forward pass (continuous batching)
 * @param maxQueued     requests waiting for a place; one more is answered 429
 * @param maxBodyBytes  the largest request body read
 */
public record LlmServerSettings(String host, int port, int maxConcurrent, int maxQueued, int maxBodyBytes) {

    public LlmServerSettings {
        if (port < 0 || port > 65_535 || maxConcurrent < 1 || maxQueued < 0 || maxBodyBytes < 64) {
            throw new IllegalArgumentException("invalid LLM server settings: port " + port + ", " + maxConcurrent
                    + " concurrent, " + maxQueued + " queued, " + maxBodyBytes + " body bytes");
        }
    }

    /** Loopback on {@code port}, 8 sequences per pass, 64 waiting, 4 MiB bodies. */
    public static LlmServerSettings defaults(int port) {
        return new LlmServerSettings("127.0.0.1", port, 8, 64, 4 << 20);
    }
}
