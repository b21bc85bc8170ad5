package org.recllm.knowledge.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.backend.FakeChatServer.Reply;
import org.recllm.llm.tokenizer.Message;

class OpenAiCompatibleBackendTest {
    private static final String KEY = "sk-test-secret";
    private static final GenerationSettings GREEDY = new GenerationSettings(64, 0f, 1);
    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20));

    private static OpenAiCompatibleBackend backend(FakeChatServer server, Duration timeout, int concurrency, RetryPolicy retry) {
        OpenAiSettings settings = new OpenAiSettings(server.baseUrl(), "test-model", "TEST_KEY", timeout, concurrency, retry);
        return OpenAiCompatibleBackend.open(settings, Map.of("TEST_KEY", KEY)::get);
    }

    private static OpenAiCompatibleBackend backend(FakeChatServer server) {
        return backend(server, Duration.ofSeconds(10), 2, QUICK);
    }

    private static List<Message> ask(String question) {
        return List.of(Message.user(question));
    }

    @Test
    void answersWithTheServersTokenCounts() throws IOException {
        try (FakeChatServer server = FakeChatServer.answering(); OpenAiCompatibleBackend backend = backend(server)) {
            Completion completion = backend.chat(ask("Introduce movie Heat (1995)"), new GenerationSettings(100, 0.7f, 42));
            assertEquals("Answer about: Introduce movie Heat (1995)", completion.text());
            assertEquals(4, completion.promptTokens());
            assertEquals(3, completion.completionTokens());
            assertTrue(completion.latencyMs() >= 0);
            JsonNode request = server.requests().getFirst();
            assertEquals("test-model", request.path("model").asText());
            assertEquals("user", request.path("messages").path(0).path("role").asText());
            assertEquals(100, request.path("max_tokens").asInt());
            assertEquals(0.7, request.path("temperature").asDouble(), 1e-6);
            assertEquals(42, request.path("seed").asLong());
            assertEquals(List.of("Bearer " + KEY), server.authorizations());
            assertEquals("test-model", backend.modelId());
        }
    }

    @Test
    void aRateLimitIsRetriedAfterTheWaitTheServerAsks() throws IOException {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        try (FakeChatServer server = FakeChatServer.start((call, prompt) -> call == 1
                ? Reply.error(429, "slow down").withHeader("Retry-After", "1.5")
                : Reply.answer(prompt));
             OpenAiCompatibleBackend backend = backend(server, Duration.ofSeconds(10), 2, QUICK.withSleeper(waits::add))) {
            Completion completion = backend.chat(ask("hello"), GREEDY);
            assertEquals("Answer about: hello", completion.text());
            assertEquals(2, server.calls());
            assertEquals(1, backend.retries());
            assertEquals(List.of(Duration.ofMillis(1500)), waits, "Retry-After: 1.5 honoured instead of the 5 ms back-off");
        }
    }

    @Test
    void serverErrorsAreRetriedThenReportedWithTheServersMessage() throws IOException {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        try (FakeChatServer server = FakeChatServer.start((call, prompt) -> Reply.error(503, "model is overloaded"));
             OpenAiCompatibleBackend backend = backend(server, Duration.ofSeconds(10), 2, QUICK.withSleeper(waits::add))) {
            BackendException e = assertThrows(BackendException.class, () -> backend.chat(ask("hello"), GREEDY));
            assertEquals(4, server.calls(), "the first try and 3 retries");
            assertEquals("POST " + server.baseUrl() + "/chat/completions (model test-model) failed 4 times; last: "
                    + "HTTP 503: model is overloaded", e.getMessage());
            assertFalse(e.getMessage().contains(KEY));
            // QUICK backs off 5, 10, 20 ms; equal jitter waits between half of each and all of it.
            long[] ceilings = {5, 10, 20};
            assertEquals(ceilings.length, waits.size(), waits.toString());
            for (int i = 0; i < ceilings.length; i++) {
                long ms = waits.get(i).toMillis();
                assertTrue(ms >= ceilings[i] / 2 && ms <= ceilings[i], "retry " + (i + 1) + " waited " + ms + " ms");
            }
        }
    }

    @Test
    void aRefusedRequestIsNotRetried() throws IOException {
        try (FakeChatServer server = FakeChatServer.start((call, prompt) -> call == 1
                ? Reply.error(400, "max_tokens is too large: 100000") : Reply.answer(prompt));
             OpenAiCompatibleBackend backend = backend(server)) {
            BackendException e = assertThrows(BackendException.class, () -> backend.chat(ask("hello"), GREEDY));
            assertEquals(1, server.calls());
            assertTrue(e.getMessage().endsWith("refused the request (not retried): HTTP 400: max_tokens is too large: 100000"),
                    e.getMessage());
        }
    }

    @Test
    void aPlainTextErrorPageIsQuoted() throws IOException {
        try (FakeChatServer server = FakeChatServer.start((call, prompt) -> new Reply(404, "no such route", Map.of(), 0));
             OpenAiCompatibleBackend backend = backend(server)) {
            BackendException e = assertThrows(BackendException.class, () -> backend.chat(ask("hello"), GREEDY));
            assertTrue(e.getMessage().endsWith("HTTP 404: no such route"), e.getMessage());
        }
    }

    @Test
    void theKeyAndCredentialsAServerEchoesAreRedacted() throws IOException {
        String echo = "Incorrect API key provided: " + KEY + ". Headers seen: Authorization: Bearer " + KEY
                + "; x-proxy-auth: bearer abc.DEF-123; other key sk-proj-AbCdEf123456; {\"authorization\": \"Basic dXNlcjpwdw==\"}";
        try (FakeChatServer server = FakeChatServer.start((call, prompt) -> call == 1
                ? Reply.error(401, echo) : new Reply(200, "not json, key " + KEY, Map.of(), 0));
             OpenAiCompatibleBackend backend = backend(server)) {
            BackendException refused = assertThrows(BackendException.class, () -> backend.chat(ask("hello"), GREEDY));
            assertTrue(refused.getMessage().endsWith("refused the request (not retried): HTTP 401: Incorrect API key provided: "
                    + "[redacted]. Headers seen: Authorization: [redacted]; x-proxy-auth: Bearer [redacted]; other key [redacted]; "
                    + "{\"authorization\": \"[redacted]\"}"), refused.getMessage());
            BackendException notJson = assertThrows(BackendException.class, () -> backend.chat(ask("hello"), GREEDY));
            assertTrue(notJson.getMessage().endsWith("answered with something that is not JSON: not json, key [redacted]"),
                    notJson.getMessage());
            for (BackendException e : List.of(refused, notJson)) {
                assertFalse(e.getMessage().contains("secret") || e.getMessage().contains("AbCdEf") || e.getMessage().contains("dXNl"),
                        e.getMessage());
                assertNull(e.getCause());
            }
        }
    }

    @Test
    void aLongBodyIsCutToThreeHundredCharacters() throws IOException {
        // The key straddles the cut: redacted first, so no prefix of it shows.
        String page = "x".repeat(295) + KEY + "y".repeat(700);
        try (FakeChatServer server = FakeChatServer.start((call, prompt) -> new Reply(404, page, Map.of(), 0));
             OpenAiCompatibleBackend backend = backend(server)) {
            BackendException e = assertThrows(BackendException.class, () -> backend.chat(ask("hello"), GREEDY));
            assertTrue(e.getMessage().endsWith("HTTP 404: " + "x".repeat(295) + "[reda…"), e.getMessage());
        }
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() throws IOException {
        try (FakeChatServer server = FakeChatServer.start((call, prompt) -> call == 1
                ? Reply.answer(prompt).after(3000) : Reply.answer(prompt));
             OpenAiCompatibleBackend backend = backend(server, Duration.ofMillis(300), 1, QUICK)) {
            assertEquals("Answer about: hello", backend.chat(ask("hello"), GREEDY).text());
            assertEquals(2, server.calls());
        }
        try (FakeChatServer server = FakeChatServer.start((call, prompt) -> Reply.answer(prompt).after(3000));
             OpenAiCompatibleBackend backend = backend(server, Duration.ofMillis(300), 1,
                     new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(5)))) {
            BackendException e = assertThrows(BackendException.class, () -> backend.chat(ask("hello"), GREEDY));
            assertTrue(e.getMessage().endsWith("failed 2 times; last: no answer within 300 ms"), e.getMessage());
        }
    }

    @Test
    void neverMoreRequestsOpenThanTheConcurrencyLimit() throws IOException {
        try (FakeChatServer server = FakeChatServer.start((call, prompt) -> Reply.answer(prompt).after(60));
             OpenAiCompatibleBackend backend = backend(server, Duration.ofSeconds(10), 3, QUICK)) {
            List<List<Message>> conversations = IntStream.range(0, 15).mapToObj(i -> ask("question " + i)).toList();
            Map<Integer, String> answers = new ConcurrentHashMap<>();
            backend.chatAll(conversations, GREEDY, (index, completion) -> answers.put(index, completion.text()));
            assertEquals(15, server.calls());
            assertEquals(15, answers.size());
            assertEquals("Answer about: question 7", answers.get(7));
            assertTrue(server.mostOpenAtOnce() <= 3, "at most 3 open, saw " + server.mostOpenAtOnce());
            assertTrue(server.mostOpenAtOnce() >= 2, "requests ran side by side, saw " + server.mostOpenAtOnce());
        }
    }

    @Test
    void aBatchStopsAtTheFirstFailureAndNamesTheConversation() throws IOException {
        try (FakeChatServer server = FakeChatServer.start((call, prompt) -> prompt.equals("question 3")
                ? Reply.error(400, "bad question") : Reply.answer(prompt));
             OpenAiCompatibleBackend backend = backend(server, Duration.ofSeconds(10), 1, QUICK)) {
            List<List<Message>> conversations = IntStream.range(0, 10).mapToObj(i -> ask("question " + i)).toList();
            Map<Integer, String> answers = new ConcurrentHashMap<>();
            BackendException e = assertThrows(BackendException.class,
                    () -> backend.chatAll(conversations, GREEDY, (index, completion) -> answers.put(index, completion.text())));
            assertEquals(3, e.conversation());
            assertEquals(4, server.calls(), "nothing starts after the failure");
            assertEquals(3, answers.size());
        }
    }

    @Test
    void aMissingKeyVariableIsAClearErrorAndNoKeyMeansNoHeader() throws IOException {
        try (FakeChatServer server = FakeChatServer.answering()) {
            OpenAiSettings settings = new OpenAiSettings(server.baseUrl(), "m", "RECLLM_TEST_UNSET_KEY", Duration.ofSeconds(5),
                    1, QUICK);
            BadInputException e = assertThrows(BadInputException.class,
                    () -> OpenAiCompatibleBackend.open(settings, name -> null));
            assertEquals("API key variable: the environment variable RECLLM_TEST_UNSET_KEY is not set (it should hold the API key)",
                    e.getMessage());
            OpenAiSettings keyless = new OpenAiSettings(server.baseUrl(), "m", null, Duration.ofSeconds(5), 1, QUICK);
            try (OpenAiCompatibleBackend backend = OpenAiCompatibleBackend.open(keyless, name -> null)) {
                backend.chat(ask("hi"), GREEDY);
            }
            assertNull(server.authorizations().getFirst());
            assertFalse(server.requests().getFirst().has("seed"), "greedy requests carry no seed");
        }
    }
}
