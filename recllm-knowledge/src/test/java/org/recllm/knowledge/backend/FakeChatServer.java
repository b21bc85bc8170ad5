package org.recllm.knowledge.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat-completions server on 127.0.0.1 for tests: each request is answered by a {@link Script} that sees the call's
 * number (1 for the first), and the server counts calls, the requests open at once, and what was asked.
 */
public final class FakeChatServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How to answer call number {@code call} (1-based) asking {@code prompt}. */
    @FunctionalInterface
    public interface Script {
        Reply reply(int call, String prompt);
    }

    /** A status, body and headers, sent after {@code delayMs}. */
    public record Reply(int status, String body, Map<String, String> headers, long delayMs) {
        /** A completion whose text names the prompt, with usage: one prompt token per word, 3 completion tokens. */
        public static Reply answer(String prompt) {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("choices").addObject().putObject("message").put("role", "assistant")
                    .put("content", "Answer about: " + prompt);
            body.putObject("usage").put("prompt_tokens", prompt.split("\\s+").length).put("completion_tokens", 3);
            return new Reply(200, body.toString(), Map.of(), 0);
        }

        public static Reply error(int status, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("error").put("message", message).put("type", "test");
            return new Reply(status, body.toString(), Map.of(), 0);
        }

        public Reply after(long millis) {
            return new Reply(status, body, headers, millis);
        }

        public Reply withHeader(String name, String value) {
            return new Reply(status, body, Map.of(name, value), delayMs);
        }
    }

    private final HttpServer server;
    private volatile Script script;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    private FakeChatServer(Script script) throws IOException {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    public static FakeChatServer start(Script script) throws IOException {
        return new FakeChatServer(script);
    }

    /** A server that answers every request. */
    public static FakeChatServer answering() throws IOException {
        return start((call, prompt) -> Reply.answer(prompt));
    }

    public void script(Script next) {
        script = next;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public int calls() {
        return calls.get();
    }

    public int mostOpenAtOnce() {
        return mostOpen.get();
    }

    /** The last user message of every request so far, in arrival order. */
    public synchronized List<String> prompts() {
        return requests.stream().map(r -> r.path("messages").path(r.path("messages").size() - 1).path("content").asText())
                .toList();
    }

    public synchronized List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** The Authorization header of every request so far (null where there was none). */
    public synchronized List<String> authorizations() {
        return Collections.unmodifiableList(new ArrayList<>(authorizations));
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = open.incrementAndGet();
        mostOpen.accumulateAndGet(now, Math::max);
        boolean counted = true;
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String prompt = request.path("messages").path(request.path("messages").size() - 1).path("content").asText();
            synchronized (this) {
                requests.add(request);
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            Reply reply = script.reply(calls.incrementAndGet(), prompt);
            if (reply.delayMs() > 0) {
                Thread.sleep(reply.delayMs());
            }
            // No longer open once the answer leaves: the client may send its next request the moment it has it.
            open.decrementAndGet();
            counted = false;
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // A client that timed out has closed the connection; nothing to answer.
        } finally {
            if (counted) {
                open.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
