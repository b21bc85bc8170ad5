package org.recllm.serve.http;

/**
 * How the LLM server listens and how much it takes on.
 *
 * @param port          0 picks a free port
 * @param maxConcurrent sequences sharing each forward pass (continuous batching)
 * @param maxQueued     requests waiting for a place; one more is answered 429
 * @param maxBodyBytes  the largest request body read
 * @param heartbeat     how long an answer may stay silent: then a space (JSON) or a comment line (a stream) goes
 *                      out, so that a client that left is noticed
 */
public record LlmServerSettings(String host, int port, int maxConcurrent, int maxQueued, int maxBodyBytes,
                                java.time.Duration heartbeat) {

    public LlmServerSettings {
        if (port < 0 || port > 65_535 || maxConcurrent < 1 || maxQueued < 0 || maxBodyBytes < 64
                || heartbeat == null || heartbeat.toMillis() < 1) {
            throw new IllegalArgumentException("invalid LLM server settings: port " + port + ", " + maxConcurrent
                    + " concurrent, " + maxQueued + " queued, " + maxBodyBytes + " body bytes");
        }
    }

    public LlmServerSettings(String host, int port, int maxConcurrent, int maxQueued, int maxBodyBytes) {
        this(host, port, maxConcurrent, maxQueued, maxBodyBytes, java.time.Duration.ofSeconds(1));
    }

    /** Loopback on {@code port}, 8 sequences per pass, 64 waiting, 4 MiB bodies, a heartbeat every second. */
    public static LlmServerSettings defaults(int port) {
        return new LlmServerSettings("127.0.0.1", port, 8, 64, 4 << 20);
    }
}
