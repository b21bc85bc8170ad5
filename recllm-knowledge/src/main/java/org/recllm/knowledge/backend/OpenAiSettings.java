package org.recllm.knowledge.backend;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how to reach a chat-completions server (OpenAI, llama.cpp's server, vLLM, Ollama, ...).
 *
 * @param baseUrl     the API root, e.g. {@code http://127.0.0.1:8080/v1}; requests go to {@code <baseUrl>/chat/completions}
 * @param model       the model name the server knows, also the id answers are stored under
 * @param apiKeyEnv   the NAME of the environment variable holding the API key, or null for servers without one;
 *                    the key itself is never stored here, so it cannot leak through a log of these settings
 * @param timeout     how long one request may take before it counts as failed (and is retried)
 * @param concurrency how many requests may be open at once
 */
public record OpenAiSettings(URI baseUrl, String model, String apiKeyEnv, Duration timeout, int concurrency,
                             RetryPolicy retry) {

    public OpenAiSettings {
        if (baseUrl == null || baseUrl.getScheme() == null || !(baseUrl.getScheme().equals("http")
                || baseUrl.getScheme().equals("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the base URL must be an http(s) URL such as http://127.0.0.1:8080/v1, got "
                    + baseUrl);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a model name is required");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive, got " + timeout);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (retry == null) {
            throw new IllegalArgumentException("a retry policy is required");
        }
    }

    /** The chat-completions endpoint under the base URL. */
    public URI endpoint() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions");
    }
}
