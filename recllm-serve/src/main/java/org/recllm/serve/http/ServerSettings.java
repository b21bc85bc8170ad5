package org.recllm.serve.http;

import java.time.Duration;

/**
 * How a scoring server listens and what it accepts.
 *
 * @param port          0 picks a free port
 * @param maxCandidates candidates one request may carry
 * @param maxBodyBytes  the largest request body read
 * @param concurrency   requests scored at once (the others wait): one per core by default
 * @param watchInterval how often the bundle's manifest is checked for a new version; zero turns watching off
 * @param drainTimeout  how long a shutdown waits for requests in flight
 * @param precomputeKnowledge whether every knowledge row is adapted once at loading (the default) rather than per
 *                    request (only to measure what precomputation buys)
 */
public record ServerSettings(String host, int port, int maxCandidates, int maxBodyBytes, int concurrency,
                             Duration watchInterval, Duration drainTimeout, boolean precomputeKnowledge) {

    public static final int DEFAULT_MAX_CANDIDATES = 1000;
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public ServerSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
        }
        if (maxCandidates < 1 || maxBodyBytes < 64 || concurrency < 1) {
            throw new IllegalArgumentException("a server needs at least 1 candidate, 64 body bytes and 1 scoring "
                    + "session; got " + maxCandidates + ", " + maxBodyBytes + ", " + concurrency);
        }
    }

    public ServerSettings(String host, int port, int maxCandidates, int maxBodyBytes, int concurrency,
                          Duration watchInterval, Duration drainTimeout) {
        this(host, port, maxCandidates, maxBodyBytes, concurrency, watchInterval, drainTimeout, true);
    }

    /** Loopback on {@code port}, 1,000 candidates, 1 MiB bodies, one session per core, watching every 2 s. */
    public static ServerSettings defaults(int port) {
        return new ServerSettings("127.0.0.1", port, DEFAULT_MAX_CANDIDATES, DEFAULT_MAX_BODY_BYTES,
                Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }
}
