package org.recllm.knowledge.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.tokenizer.Message;

/**
 * A model behind an OpenAI-compatible {@code /chat/completions} endpoint. At most {@code concurrency} requests are
 * open at once (a retrying request keeps its place, so a rate-limited server is not flooded meanwhile). Rate limits
 * (429), server errors (5xx), timeouts and broken connections are retried with back-off; any other refusal (400,
 * 401, 404, ...) fails at once with the server's own message, since asking again would get the same answer. Token
 * counts come from the response's {@code usage}; a server that sends none records 0.
 */
public final class OpenAiCompatibleBackend implements LlmBackend {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAiSettings settings;
    private final String apiKey;
    private final HttpClient client;
    private final Semaphore open;
    private final AtomicLong retries = new AtomicLong();

    private OpenAiCompatibleBackend(OpenAiSettings settings, String apiKey) {
        this.settings = settings;
        this.apiKey = apiKey;
        // HTTP/1.1: several local servers answer an HTTP/2 upgrade attempt badly, and one connection per open request
        // is what the concurrency limit expects anyway.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout()).build();
        this.open = new Semaphore(settings.concurrency(), true);
    }

    /** A backend with the key read from the environment variable the settings name. */
    public static OpenAiCompatibleBackend open(OpenAiSettings settings) {
        return open(settings, System::getenv);
    }

    /** A backend with the key looked up in {@code environment} (tests pass their own). */
    public static OpenAiCompatibleBackend open(OpenAiSettings settings, UnaryOperator<String> environment) {
        String key = null;
        if (settings.apiKeyEnv() != null) {
            key = environment.apply(settings.apiKeyEnv());
            if (key == null || key.isBlank()) {
                throw new BadInputException("API key variable", 0, null, "the environment variable " + settings.apiKeyEnv()
                        + " is not set (it should hold the API key)");
            }
        }
        return new OpenAiCompatibleBackend(settings, key);
    }

    @Override
    public String modelId() {
        return settings.model();
    }

    /** How many requests were sent again after a failure, over this backend's life. */
    public long retries() {
        return retries.get();
    }

    @Override
    public Completion chat(List<Message> conversation, GenerationSettings generation) {
        HttpRequest request = request(body(conversation, generation));
        try {
            open.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for a free connection", e);
        }
        try {
            return send(request);
        } finally {
            open.release();
        }
    }

    @Override
    public void chatAll(List<List<Message>> conversations, GenerationSettings generation, CompletionSink sink) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        // One worker per allowed connection, each taking the next conversation: a failure stops new ones from starting
        // at once, instead of thousands of queued tasks each noticing it.
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < Math.min(settings.concurrency(), conversations.size()); w++) {
                workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < conversations.size() && failure.get() == null;
                         i = next.getAndIncrement()) {
                        Completion completion;
                        try {
                            completion = chat(conversations.get(i), generation);
                        } catch (BackendException e) {
                            failure.compareAndSet(null, e.inConversation(i));
                            return;
                        }
                        try {
                            sink.accept(i, completion);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                            return;
                        }
                    }
                });
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private String body(List<Message> conversation, GenerationSettings generation) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        ArrayNode messages = body.putArray("messages");
        for (Message message : conversation) {
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
        body.put("max_tokens", generation.maxTokens());
        body.put("temperature", generation.temperature());
        if (generation.temperature() > 0) {
            body.put("seed", generation.seed());
        }
        return body.toString();
    }

    private HttpRequest request(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request.build();
    }

    private Completion send(HttpRequest request) {
        RandomGenerator jitter = RandomGenerator.getDefault();
        for (int attempt = 1; ; attempt++) {
            String failure;
            Optional<Duration> retryAfter = Optional.empty();
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 200) {
                    // The latency of the attempt that answered: what the model took, not our waits between attempts.
                    return completion(response.body(), (System.nanoTime() - start) / 1_000_000);
                }
                failure = "HTTP " + status + ": " + serverMessage(response.body());
                if (status != 429 && status < 500) {
                    throw new BackendException(where() + " refused the request (not retried): " + failure, null);
                }
                retryAfter = RetryPolicy.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now());
            } catch (HttpTimeoutException e) {
                failure = "no answer within " + settings.timeout().toMillis() + " ms";
            } catch (IOException e) {
                failure = "connection failed: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while waiting for " + where(), e);
            }
            if (attempt > settings.retry().maxRetries()) {
                throw new BackendException(where() + " failed " + attempt + " times; last: " + failure, null);
            }
            retries.incrementAndGet();
            sleep(settings.retry(), settings.retry().delay(attempt, retryAfter, jitter));
        }
    }

    private Completion completion(String body, long latencyMs) {
        JsonNode response;
        try {
            response = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // Not chained: the parser's message quotes the body's tokens unredacted, and causes reach the log file.
            throw new BackendException(where() + " answered with something that is not JSON: " + quote(body), null);
        }
        JsonNode content = response.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new BackendException(where() + " answered without choices[0].message.content: " + quote(body), null);
        }
        JsonNode usage = response.path("usage");
        return new Completion(content.asText(), usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                latencyMs);
    }

    /** The error message of an OpenAI-style error body, else the start of the body as it is; either with secrets redacted. */
    private String serverMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("error").path("message");
            if (message.isTextual() && !message.asText().isBlank()) {
                return quote(message.asText());
            }
        } catch (JsonProcessingException notJson) {
            // Plain-text error pages are common behind proxies; quote them instead.
        }
        return quote(body);
    }

    private String quote(String body) {
        return ServerText.quote(body, apiKey);
    }

    private String where() {
        return "POST " + settings.endpoint() + " (model " + settings.model() + ")";
    }

    private static void sleep(RetryPolicy policy, Duration delay) {
        try {
            policy.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
