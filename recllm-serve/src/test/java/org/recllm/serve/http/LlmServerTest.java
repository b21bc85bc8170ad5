package org.recllm.serve.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.generate.Generator;
import org.recllm.llm.model.TextEmbedder;
import org.recllm.llm.sampling.Sampler;
import org.recllm.llm.sampling.SamplerConfig;
import org.recllm.llm.tokenizer.Detokenizer;

/** The OpenAI-compatible server on the shared tiny Llama, against the engine run directly. */
class LlmServerTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Path gguf;
    private static LanguageModel direct;
    private static LlmServer server;

    @BeforeAll
    static void start() {
        gguf = SharedData.require("models/stories260K.gguf");
        direct = LanguageModel.open(gguf);
        server = LlmServer.start(gguf, new LlmServerSettings("127.0.0.1", 0, 4, 8, 1 << 20), message -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
        direct.close();
    }

    /** What the engine generates greedily after {@code prompt}, as a continuation (leading space kept). */
    private static String greedy(String prompt, int tokens) {
        int[] ids = direct.prompt(prompt);
        int[] out = new Generator(direct.transformer()).generate(ids, tokens, new Sampler(SamplerConfig.greedy()),
                direct.tokenizer().endOfGeneration()::contains, token -> { }).tokens();
        Detokenizer text = new Detokenizer(direct.tokenizer());
        StringBuilder continuation = new StringBuilder();
        for (int token : out) {
            continuation.append(text.accept(token));
        }
        return continuation.append(text.finish()).toString();
    }

    @Test
    void completionsEqualTheEnginesGreedyTextStreamedOrNot() throws Exception {
        String expected = greedy("Once upon a time", 40);
        JsonNode answer = json(post("/v1/completions", "{\"prompt\": \"Once upon a time\", \"max_tokens\": 40, \"temperature\": 0}"));
        assertEquals(expected, answer.get("choices").get(0).get("text").asText());
        assertEquals("length", answer.get("choices").get(0).get("finish_reason").asText());
        assertEquals(direct.prompt("Once upon a time").length, answer.get("usage").get("prompt_tokens").asInt());
        assertEquals(40, answer.get("usage").get("completion_tokens").asInt());

        List<JsonNode> events = events(post("/v1/completions", "{\"prompt\": \"Once upon a time\", \"max_tokens\": 40, "
                + "\"temperature\": 0, \"stream\": true, \"stream_options\": {\"include_usage\": true}}"));
        StringBuilder streamed = new StringBuilder();
        for (JsonNode event : events) {
            if (event.get("choices").size() > 0) {
                streamed.append(event.get("choices").get(0).get("text").asText());
            }
        }
        assertEquals(expected, streamed.toString());
        assertEquals("length", events.get(events.size() - 2).get("choices").get(0).get("finish_reason").asText());
        assertEquals(40, events.getLast().get("usage").get("completion_tokens").asInt());
    }

    @Test
    void concurrentRequestsShareThePassesAndEachGetsItsOwnText() throws Exception {
        String[] prompts = {"Once upon a time", "The little dog", "Lily and Ben went to the park", "Tom had a", "The sun",
                "One day"};
        try (ExecutorService clients = Executors.newFixedThreadPool(prompts.length)) {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (String prompt : prompts) {
                answers.add(clients.submit(() -> post("/v1/completions", "{\"prompt\": \"" + prompt
                        + "\", \"max_tokens\": 30, \"temperature\": 0}")));
            }
            for (int i = 0; i < prompts.length; i++) {
                assertEquals(greedy(prompts[i], 30), json(answers.get(i).get()).get("choices").get(0).get("text").asText(),
                        prompts[i]);
            }
        }
    }

    @Test
    void aStopSequenceEndsTheTextBeforeIt() throws Exception {
        String full = greedy("Once upon a time", 40);
        int at = full.indexOf("Lily");
        assertTrue(at > 0, full);
        String body = "{\"prompt\": \"Once upon a time\", \"max_tokens\": 40, \"temperature\": 0, \"stop\": [\"Lily\"]";
        JsonNode answer = json(post("/v1/completions", body + "}"));
        assertEquals(full.substring(0, at), answer.get("choices").get(0).get("text").asText());
        assertEquals("stop", answer.get("choices").get(0).get("finish_reason").asText());
        StringBuilder streamed = new StringBuilder();
        for (JsonNode event : events(post("/v1/completions", body + ", \"stream\": true}"))) {
            streamed.append(event.get("choices").get(0).get("text").asText());
        }
        assertEquals(full.substring(0, at), streamed.toString());
    }

    @Test
    void chatStreamsDeltasAfterTheRole() throws Exception {
        String body = "{\"messages\": [{\"role\": \"user\", \"content\": \"Tell me a story\"}], \"max_tokens\": 20, \"temperature\": 0";
        JsonNode answer = json(post("/v1/chat/completions", body + "}"));
        String content = answer.get("choices").get(0).get("message").get("content").asText();
        assertEquals("assistant", answer.get("choices").get(0).get("message").get("role").asText());
        assertEquals("chat.completion", answer.get("object").asText());
        List<JsonNode> events = events(post("/v1/chat/completions", body + ", \"stream\": true}"));
        assertEquals("assistant", events.getFirst().get("choices").get(0).get("delta").get("role").asText());
        StringBuilder streamed = new StringBuilder();
        for (JsonNode event : events) {
            streamed.append(event.get("choices").get(0).get("delta").path("content").asText(""));
        }
        assertEquals(content, streamed.toString());
        assertEquals("chat.completion.chunk", events.getLast().get("object").asText());
    }

    @Test
    void refusalsNameTheirFieldInOpenAisErrorShape() throws Exception {
        HttpResponse<String> tooMany = post("/v1/completions", "{\"prompt\": \"Once\", \"max_tokens\": 100000}");
        assertEquals(400, tooMany.statusCode());
        assertEquals("max_tokens", json(tooMany).get("error").get("param").asText());
        assertEquals("invalid_request_error", json(tooMany).get("error").get("type").asText());
        String tooLong = "Once upon a time ".repeat(direct.config().contextLength() / 2);
        assertTrue(direct.prompt(tooLong).length > direct.config().contextLength());
        HttpResponse<String> longPrompt = post("/v1/completions", "{\"prompt\": \"" + tooLong + "\"}");
        assertEquals(400, longPrompt.statusCode());
        assertEquals("prompt", json(longPrompt).get("error").get("param").asText());
        assertEquals("n", json(post("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 2}"))
                .get("error").get("param").asText());
        assertEquals("messages", json(post("/v1/chat/completions", "{\"messages\": []}")).get("error").get("param").asText());
        assertEquals("messages[0].role", json(post("/v1/chat/completions", "{\"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}"))
                .get("error").get("param").asText());
        assertEquals("temperature", json(post("/v1/completions", "{\"prompt\": \"x\", \"temperature\": 3}")).get("error").get("param").asText());
        assertEquals("body", json(post("/v1/completions", "{\"prompt\": ")).get("error").get("param").asText());
    }

    @Test
    void embeddingsAreTheEnginesMeanPooledLastLayer() throws Exception {
        JsonNode answer = json(post("/v1/embeddings", "{\"input\": [\"a happy dog\", \"the moon\"], \"model\": \"x\"}"));
        TextEmbedder embedder = new TextEmbedder(direct, direct.config().layers(), TextEmbedder.Pooling.MEAN);
        String[] texts = {"a happy dog", "the moon"};
        for (int i = 0; i < 2; i++) {
            float[] expected = embedder.embed(texts[i]);
            JsonNode vector = answer.get("data").get(i).get("embedding");
            assertEquals(expected.length, vector.size());
            for (int d = 0; d < expected.length; d++) {
                assertEquals(expected[d], vector.get(d).floatValue(), 1e-5f);
            }
        }
        assertEquals(gguf.getFileName().toString(), json(get("/v1/models")).get("data").get(0).get("id").asText());
    }

    @Test
    void aClientLeavingAStreamStopsItsSequence() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            // As many tokens as the context allows, so the sequence is still running when the client leaves.
            int room = direct.config().contextLength() - direct.prompt("Once upon a time").length;
            byte[] body = ("{\"prompt\": \"Once upon a time\", \"max_tokens\": " + room + ", \"temperature\": 0.8, "
                    + "\"stream\": true}").getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int events = 0;
            for (String line = in.readLine(); line != null && events < 3; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    events++;
                }
            }
            assertEquals(3, events);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = get("/metrics").body();
            if (metrics.contains("recllm_llm_cancelled_total{route=\"completions\"} 1")
                    && metrics.contains("recllm_llm_sequences_running 0")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the sequence kept running after its client left:\n" + metrics);
    }

    static List<JsonNode> events(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> events = new ArrayList<>();
        String[] lines = response.body().split("\n");
        for (String line : lines) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                events.add(AtomicFiles.JSON.readTree(line.substring(6)));
            }
        }
        assertEquals("data: [DONE]", lines[lines.length - 1].strip().isEmpty() ? lines[lines.length - 2] : lines[lines.length - 1]);
        return events;
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return AtomicFiles.JSON.readTree(response.body());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
