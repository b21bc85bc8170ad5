package org.recllm.serve.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.recllm.core.testing.SharedData;
import org.recllm.knowledge.backend.Completion;
import org.recllm.knowledge.backend.EmbeddedBackend;
import org.recllm.knowledge.backend.GenerationSettings;
import org.recllm.knowledge.backend.OpenAiCompatibleBackend;
import org.recllm.knowledge.backend.OpenAiSettings;
import org.recllm.knowledge.backend.RetryPolicy;
import org.recllm.llm.tokenizer.Message;

/** Real OpenAI clients against the server: the knowledge generator's backend and langchain4j's OpenAI module. */
class OpenAiClientsTest {

    @Test
    void theKnowledgeBackendGetsWhatTheEmbeddedEngineWrites() {
        Path gguf = SharedData.require("models/stories260K.gguf");
        List<Message> conversation = List.of(Message.system("You write short stories."), new Message(Message.USER,
                "Write about a cat"));
        GenerationSettings greedy = new GenerationSettings(24, 0f, 1);
        Completion embedded;
        try (EmbeddedBackend backend = EmbeddedBackend.open(gguf, 1)) {
            embedded = backend.chat(conversation, greedy);
        }
        try (LlmServer server = LlmServer.start(gguf, LlmServerSettings.defaults(0), message -> { })) {
            Completion served;
            try (OpenAiCompatibleBackend remote = OpenAiCompatibleBackend.open(new OpenAiSettings(
                    URI.create("http://127.0.0.1:" + server.port() + "/v1"), server.modelId(), null, Duration.ofSeconds(30), 2,
                    RetryPolicy.standard()), name -> null)) {
                served = remote.chat(conversation, greedy);
            }
            assertEquals(embedded.text(), served.text().strip());
            assertEquals(embedded.promptTokens(), served.promptTokens());
            assertEquals(embedded.completionTokens(), served.completionTokens());
        }
    }

    @Test
    void langchain4jsOpenAiModuleTalksToTheServer() {
        Path gguf = SharedData.require("models/stories260K.gguf");
        try (LlmServer server = LlmServer.start(gguf, LlmServerSettings.defaults(0), message -> { })) {
            OpenAiChatModel model = OpenAiChatModel.builder().baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                    .apiKey("not-needed").modelName(server.modelId()).temperature(0.0).maxTokens(16)
                    .timeout(Duration.ofSeconds(30)).build();
            String first = model.chat("Tell me about a dog");
            String second = model.chat("Tell me about a dog");
            assertFalse(first.isBlank());
            assertEquals(first, second, "greedy answers repeat");
        }
    }

    @Test
    void pastTheQueuesBoundRequestsGet429() throws Exception {
        Path gguf = SharedData.require("models/stories260K.gguf");
        HttpClient client = HttpClient.newHttpClient();
        try (LlmServer server = LlmServer.start(gguf, new LlmServerSettings("127.0.0.1", 0, 1, 0, 1 << 20), message -> { })) {
            URI completions = URI.create("http://127.0.0.1:" + server.port() + "/v1/completions");
            HttpRequest longOne = HttpRequest.newBuilder(completions).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"prompt\": \"Once upon a time\", \"max_tokens\": 400, \"temperature\": 0.9, \"seed\": 3}")).build();
            CompletableFuture<HttpResponse<String>> running = client.sendAsync(longOne, HttpResponse.BodyHandlers.ofString());
            URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body()
                    .contains("recllm_llm_sequences_running 1") && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(completions).POST(HttpRequest.BodyPublishers
                    .ofString("{\"prompt\": \"Hi\", \"max_tokens\": 4}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(429, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("rate_limit_error"));
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
            assertEquals(200, running.get().statusCode());
        }
    }

    @Test
    void closingLetsRunningAnswersFinishAndRefusesNewOnes() throws Exception {
        Path gguf = SharedData.require("models/stories260K.gguf");
        HttpClient client = HttpClient.newHttpClient();
        LlmServer server = LlmServer.start(gguf, new LlmServerSettings("127.0.0.1", 0, 2, 4, 1 << 20), message -> { });
        URI completions = URI.create("http://127.0.0.1:" + server.port() + "/v1/completions");
        CompletableFuture<HttpResponse<String>> running = client.sendAsync(HttpRequest.newBuilder(completions)
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"Once upon a time\", \"max_tokens\": 300, "
                        + "\"temperature\": 0.9, \"seed\": 5, \"ignore_eos\": true}")).build(), HttpResponse.BodyHandlers.ofString());
        URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body()
                .contains("recllm_llm_sequences_running 1") && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread closing = Thread.ofPlatform().start(server::close);
        HttpResponse<String> answered = running.get();
        closing.join();
        assertEquals(200, answered.statusCode(), answered.body());
        assertEquals(300, org.recllm.core.io.AtomicFiles.JSON.readTree(answered.body()).get("usage").get("completion_tokens").asInt(),
                "the running answer was finished, not cut");
    }

    @Test
    void speculativeServingKeepsGreedyTextAndDraftsFromTheGroupsEarlierAnswers() throws Exception {
        Path gguf = SharedData.require("models/stories260K.gguf");
        HttpClient client = HttpClient.newHttpClient();
        String[] prompts = {"Once upon a time", "The little dog", "Lily and Ben went to the park"};
        String[] plain = new String[prompts.length];
        try (LlmServer server = LlmServer.start(gguf, LlmServerSettings.defaults(0), message -> { })) {
            for (int i = 0; i < prompts.length; i++) {
                plain[i] = text(client, server, prompts[i], null);
            }
        }
        try (LlmServer server = LlmServer.start(gguf, LlmServerSettings.defaults(0),
                model -> new org.recllm.serve.llm.Drafting(org.recllm.llm.speculative.SpeculativeConfig.of(
                        org.recllm.llm.speculative.SpeculativeMode.STRICT), org.recllm.llm.speculative.PoolSettings.DEFAULT,
                        new org.recllm.llm.speculative.RetrievalPool(org.recllm.llm.speculative.PoolSettings.DEFAULT)),
                message -> { })) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < prompts.length; i++) {
                    // Strict drafts keep greedy output token for token; the second round drafts from the first's answers.
                    assertEquals(plain[i], text(client, server, prompts[i], "group-" + i), "round " + round + ": " + prompts[i]);
                }
            }
            String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher accepted = java.util.regex.Pattern
                    .compile("recllm_llm_draft_tokens_total\\{outcome=\"accepted\"} (\\d+)").matcher(metrics);
            assertTrue(accepted.find() && Long.parseLong(accepted.group(1)) >= 3 * 30,
                    "the second round drafts its answers from the first's:\n" + metrics);
        }
    }

    private static String text(HttpClient client, LlmServer server, String prompt, String user) throws Exception {
        String body = "{\"prompt\": \"" + prompt + "\", \"max_tokens\": 40, \"temperature\": 0"
                + (user == null ? "" : ", \"user\": \"" + user + "\"") + "}";
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/v1/completions")).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return org.recllm.core.io.AtomicFiles.JSON.readTree(response.body()).get("choices").get(0).get("text").asText();
    }

    @Test
    void aClientLeavingANonStreamingRequestStopsItToo() throws Exception {
        Path gguf = SharedData.require("models/stories260K.gguf");
        HttpClient client = HttpClient.newHttpClient();
        try (LlmServer server = LlmServer.start(gguf, new LlmServerSettings("127.0.0.1", 0, 1, 4, 1 << 20,
                Duration.ofMillis(10)), message -> { })) {
            URI completions = URI.create("http://127.0.0.1:" + server.port() + "/v1/completions");
            // One place, kept busy: the second request waits in the queue, its answer silent but for heartbeats.
            CompletableFuture<HttpResponse<String>> busy = client.sendAsync(HttpRequest.newBuilder(completions)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"Once upon a time\", \"max_tokens\": 400, "
                            + "\"temperature\": 0.9, \"ignore_eos\": true, \"stream\": true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                byte[] body = "{\"prompt\": \"The little dog\", \"max_tokens\": 300}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                var out = socket.getOutputStream();
                out.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                assertTrue(socket.getInputStream().read() >= 0, "the answer started (status line or heartbeat)");
            }
            URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
            long deadline = System.nanoTime() + 10_000_000_000L;
            String text = "";
            while (System.nanoTime() < deadline) {
                text = client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (text.contains("recllm_llm_cancelled_total{route=\"completions\"} 1")) {
                    break;
                }
                Thread.sleep(5);
            }
            assertTrue(text.contains("recllm_llm_cancelled_total{route=\"completions\"} 1"), text);
            assertEquals(200, busy.get().statusCode());
        }
    }
}
