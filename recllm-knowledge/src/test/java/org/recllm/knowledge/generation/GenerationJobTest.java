package org.recllm.knowledge.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.progress.Progress;
import org.recllm.knowledge.backend.BackendException;
import org.recllm.knowledge.backend.FakeChatServer;
import org.recllm.knowledge.backend.FakeChatServer.Reply;
import org.recllm.knowledge.backend.GenerationSettings;
import org.recllm.knowledge.backend.OpenAiCompatibleBackend;
import org.recllm.knowledge.backend.OpenAiSettings;
import org.recllm.knowledge.backend.Pricing;
import org.recllm.knowledge.backend.RetryPolicy;
import org.recllm.knowledge.prompt.EntityPrompt;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;

class GenerationJobTest {
    private static final GenerationSettings SETTINGS = new GenerationSettings(32, 0f, 1);
    private static final Pricing PRICES = new Pricing(1.5, 6.0);

    @TempDir
    Path temp;

    /** Twelve item prompts of two to four words each. */
    private static final List<EntityPrompt> PROMPTS = IntStream.rangeClosed(1, 12)
            .mapToObj(i -> new EntityPrompt(EntityType.ITEM, i, "ml-100k", "Introduce movie " + i + (i % 2 == 0 ? " again" : "")))
            .toList();

    private static OpenAiCompatibleBackend backend(FakeChatServer server, int concurrency) {
        return OpenAiCompatibleBackend.open(new OpenAiSettings(server.baseUrl(), "fake-model", null, Duration.ofSeconds(10),
                concurrency, new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(2))), name -> null);
    }

    private static GenerationReport run(KnowledgeStore store, FakeChatServer server, int concurrency) {
        try (OpenAiCompatibleBackend backend = backend(server, concurrency);
             Progress progress = Progress.toLog("generate", "entities", PROMPTS.size(), new PrintStream(new ByteArrayOutputStream()))) {
            return new GenerationJob(store, backend, "movies", SETTINGS, PRICES).run(PROMPTS, progress);
        }
    }

    private static List<StoredEntry> all(KnowledgeStore store) {
        return store.entries(0, 1000);
    }

    @Test
    void aStoppedRunResumesWithoutAskingAnythingTwice() throws IOException {
        int healthyCalls = 5;
        try (KnowledgeStore store = SqliteKnowledgeStore.open(temp.resolve("k.db"));
             FakeChatServer server = FakeChatServer.start((call, prompt) -> call <= healthyCalls
                     ? Reply.answer(prompt).after(20) : Reply.error(500, "the GPU fell over"))) {
            BackendException stopped = assertThrows(BackendException.class, () -> run(store, server, 2));
            assertTrue(stopped.getMessage().startsWith("stopped after storing 5 of 12 answers (run again to resume): item "),
                    stopped.getMessage());
            assertTrue(stopped.getMessage().endsWith("failed 2 times; last: HTTP 500: the GPU fell over"), stopped.getMessage());
            List<StoredEntry> kept = all(store);
            assertEquals(healthyCalls, kept.size(), "every answer the server gave was stored at once");
            Set<String> storedPrompts = new HashSet<>(kept.stream().map(e -> e.entry().prompt()).toList());

            server.script((call, prompt) -> Reply.answer(prompt));
            int callsBefore = server.calls();
            GenerationReport resumed = run(store, server, 2);
            List<String> askedAgain = server.prompts().subList(callsBefore, server.calls());
            assertEquals(12 - healthyCalls, askedAgain.size());
            assertTrue(askedAgain.stream().noneMatch(storedPrompts::contains), "a stored prompt was sent again");
            assertEquals(new HashSet<>(askedAgain).size(), askedAgain.size());
            assertEquals(5, resumed.alreadyStored());
            assertEquals(7, resumed.generated());
            assertEquals(12, all(store).size());

            int callsAfter = server.calls();
            GenerationReport third = run(store, server, 2);
            assertEquals(callsAfter, server.calls(), "a complete store asks nothing");
            assertEquals(new GenerationReport(12, 12, 0, 0, 0, third.seconds(), 0), third);
        }
    }

    @Test
    void storesAnswersWithTheirKeysTokensLatencyAndCost() throws IOException {
        try (KnowledgeStore store = SqliteKnowledgeStore.open(temp.resolve("k.db"));
             FakeChatServer server = FakeChatServer.answering()) {
            GenerationReport report = run(store, server, 3);
            long promptWords = PROMPTS.stream().mapToLong(p -> p.text().split(" ").length).sum();
            assertEquals(new GenerationReport(12, 0, 12, promptWords, 36, report.seconds(),
                    (promptWords * 1.5 + 36 * 6.0) / 1e6), report);
            StoredEntry movie4 = store.find(PROMPTS.get(3).key("movies", "fake-model")).orElseThrow();
            assertEquals("Introduce movie 4 again", movie4.entry().prompt());
            assertEquals("Answer about: Introduce movie 4 again", movie4.entry().answer());
            assertEquals(4, movie4.entry().promptTokens());
            assertEquals(3, movie4.entry().completionTokens());
            assertEquals("ml-100k", movie4.entry().key().timeWindow());
            assertEquals(Map.of("fake-model", 12L), Map.of(store.statistics().groups().getFirst().modelId(),
                    store.statistics().groups().getFirst().entries()));
        }
    }

    @Test
    void progressShowsTokenRatesAndCost() throws IOException {
        var lines = new ByteArrayOutputStream();
        try (KnowledgeStore store = SqliteKnowledgeStore.open(temp.resolve("k.db"));
             FakeChatServer server = FakeChatServer.answering();
             OpenAiCompatibleBackend backend = backend(server, 2)) {
            try (Progress progress = Progress.toLog("generate fake-model", "entities", PROMPTS.size(),
                    new PrintStream(lines, true, StandardCharsets.UTF_8))) {
                new GenerationJob(store, backend, "movies", SETTINGS, PRICES).run(PROMPTS, progress);
            }
        }
        String last = lines.toString(StandardCharsets.UTF_8).lines().toList().getLast();
        assertTrue(last.matches("generate fake-model  12/12 entities \\(100\\.0%\\)  [0-9.,]+ entities/s  in [0-9:.s]+  "
                + "[0-9,]+ tok/s out, [0-9,]+ tok/s in, \\$0\\.0003 so far"), last);
    }
}
