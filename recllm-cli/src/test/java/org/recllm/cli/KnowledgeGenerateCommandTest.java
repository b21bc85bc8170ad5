package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.testing.SharedData;
import org.recllm.knowledge.backend.FakeChatServer;
import org.recllm.knowledge.backend.FakeChatServer.Reply;

/** {@code recllm knowledge prompts} and {@code knowledge generate} on the tiny MovieLens, against a fake server or stories260K. */
class KnowledgeGenerateCommandTest {
    private static final String FACTORS = "genre, director/actors, time period/country, character, plot/theme, mood/tone, "
            + "critical acclaim/award, production quality, and soundtrack";

    @TempDir
    Path temp;

    private Path data;

    @BeforeEach
    void writeData() throws IOException {
        data = TinyMovieLens.write(temp.resolve("ml-100k"));
    }

    private Path store() {
        return temp.resolve("knowledge.db");
    }

    private CliRun generate(FakeChatServer server, String... more) {
        List<String> args = new ArrayList<>(List.of("knowledge", "generate", "--store", store().toString(), "--data",
                data.toString(), "--backend", "openai", "--base-url", server.baseUrl().toString(), "--model", "fake"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void promptsShowsKarsQuestionsWithTheirWindows() {
        CliRun items = CliRun.of("knowledge", "prompts", "--data", data.toString(), "--entities", "items", "--limit", "2");
        assertEquals(0, items.exitCode(), items.err());
        assertTrue(items.out().startsWith("=== item 1 (ml-100k, prompt "), items.out());
        assertTrue(items.out().contains("\nIntroduce movie Movie 2 (1962) and describe its attributes precisely (including but "
                + "not limited to " + FACTORS + ").\n"), items.out());
        assertEquals(2, items.out().lines().filter(line -> line.startsWith("=== ")).count());

        CliRun users = CliRun.of("knowledge", "prompts", "--data", data.toString(), "--entities", "users", "--limit", "1",
                "--scenario", "books");
        assertEquals(0, users.exitCode(), users.err());
        assertTrue(users.out().startsWith("=== user 1 (ml100k-u1:profile-sources, prompt "), users.out());
        assertTrue(users.out().contains("\nGiven a female user aged 18-24 whose occupation is student, this user's book rating "
                + "history over time is listed below, most recent last.\n- Movie "), users.out());
    }

    @Test
    void generateAsksOnlyWhatIsMissingAndCountsTokensAndCost() throws IOException {
        try (FakeChatServer server = FakeChatServer.answering()) {
            CliRun first = generate(server, "--limit", "3", "--concurrency", "2", "--price-in", "1", "--price-out", "2");
            assertEquals(0, first.exitCode(), first.err());
            assertTrue(first.out().startsWith("fake, scenario movies: 6 of 6 prompts to ask (0 already stored)\n"), first.out());
            assertTrue(first.out().contains("stored 6 answers in "), first.out());
            // The fake server counts a prompt token per word and 3 per answer: 444 · $1/M + 18 · $2/M.
            assertTrue(first.out().endsWith("; 444 prompt and 18 completion tokens; cost $0.0005\n"), first.out());
            assertEquals(6, server.calls());

            CliRun again = generate(server, "--limit", "3");
            assertEquals("fake, scenario movies: 0 of 6 prompts to ask (6 already stored)\n", again.out());
            assertEquals(6, server.calls());

            CliRun more = generate(server, "--limit", "5", "--entities", "items");
            assertTrue(more.out().startsWith("fake, scenario movies: 2 of 5 prompts to ask (3 already stored)\n"), more.out());
            assertEquals(8, server.calls());

            CliRun stats = CliRun.of("knowledge", "stats", "--store", store().toString());
            assertTrue(stats.out().startsWith(store() + ": 8 entries"), stats.out());
        }
    }

    @Test
    void aDryRunSendsNothingAndCreatesNoStore() throws IOException {
        try (FakeChatServer server = FakeChatServer.answering()) {
            CliRun dry = generate(server, "--limit", "2", "--entities", "items", "--dry-run");
            assertEquals(0, dry.exitCode(), dry.err());
            assertTrue(dry.out().startsWith("dry run: fake, scenario movies: 2 of 2 prompts to ask (0 already stored); "
                    + "nothing is sent\n\n=== item 1 (ml-100k, prompt "), dry.out());
            assertTrue(dry.out().contains("Introduce movie Movie 1 (1961)"), dry.out());
            assertEquals(0, server.calls());
            assertFalse(Files.exists(store()));
        }
    }

    @Test
    void aServerThatGivesUpStopsTheRunWithOneLine() throws IOException {
        try (FakeChatServer server = FakeChatServer.start((call, prompt) -> call <= 1
                ? Reply.answer(prompt) : Reply.error(500, "out of memory"))) {
            CliRun run = generate(server, "--limit", "3", "--entities", "items", "--concurrency", "1", "--retries", "0");
            assertEquals(1, run.exitCode());
            assertEquals("error: stopped after storing 1 of 3 answers (run again to resume): item 2: POST " + server.baseUrl()
                    + "/chat/completions (model fake) failed 1 times; last: HTTP 500: out of memory", run.err().strip());
            server.script((call, prompt) -> Reply.answer(prompt));
            CliRun resumed = generate(server, "--limit", "3", "--entities", "items");
            assertTrue(resumed.out().startsWith("fake, scenario movies: 2 of 3 prompts to ask (1 already stored)"), resumed.out());
        }
    }

    @Test
    void badOptionsAreOneLineErrors() throws IOException {
        CliRun noUrl = CliRun.of("knowledge", "generate", "--store", store().toString(), "--data", data.toString(),
                "--backend", "openai", "--model", "m");
        assertEquals(2, noUrl.exitCode());
        assertEquals("error: --base-url: required with --backend openai, e.g. http://127.0.0.1:8080/v1", noUrl.err().strip());

        CliRun scenario = CliRun.of("knowledge", "prompts", "--data", data.toString(), "--scenario", "music");
        assertEquals(2, scenario.exitCode());
        assertTrue(scenario.err().startsWith("error: --scenario: unknown scenario 'music'"), scenario.err());

        try (FakeChatServer server = FakeChatServer.answering()) {
            CliRun key = generate(server, "--api-key-env", "RECLLM_TEST_SURELY_UNSET");
            assertEquals(2, key.exitCode());
            assertEquals("error: --api-key-env: the environment variable RECLLM_TEST_SURELY_UNSET is not set (it should hold "
                    + "the API key)", key.err().strip());
            assertEquals(0, server.calls());
        }

        CliRun model = CliRun.of("knowledge", "generate", "--store", store().toString(), "--data", data.toString(),
                "--model", temp.resolve("absent.gguf").toString());
        assertEquals(2, model.exitCode());
        assertEquals("error: " + temp.resolve("absent.gguf") + ": model file not found (--backend embedded takes a GGUF file)",
                model.err().strip());

        CliRun entities = CliRun.of("knowledge", "prompts", "--data", data.toString(), "--entities", "movies");
        assertEquals("error: --entities: expected items, users or both, got 'movies'", entities.err().strip());
    }

    @Test
    void theEmbeddedEngineWritesEntriesWithRealTokenCounts() {
        Path model = SharedData.require("models/stories260K.gguf");
        CliRun run = CliRun.of("knowledge", "generate", "--store", store().toString(), "--data", data.toString(),
                "--limit", "2", "--model", model.toString(), "--max-tokens", "16", "--concurrency", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("stories260K.gguf, scenario movies: 4 of 4 prompts to ask (0 already stored)\n"), run.out());
        assertTrue(run.out().contains("stored 4 answers in "), run.out());
        CliRun show = CliRun.of("knowledge", "show", "--store", store().toString(), "--entity", "user", "--id", "2");
        assertEquals(0, show.exitCode(), show.err());
        assertTrue(show.out().contains("prompt: Given a male user aged 18-24 whose occupation is student"), show.out());
        CliRun stats = CliRun.of("knowledge", "stats", "--store", store().toString());
        String items = stats.out().lines().filter(line -> line.startsWith("item ")).findFirst().orElseThrow();
        List<String> cells = List.of(items.strip().split("\\s+"));
        assertEquals(List.of("item", "movies", "stories260K.gguf", "2"), cells.subList(0, 4));
        assertTrue(Long.parseLong(cells.get(4).replace(",", "")) > 20, items);
        assertTrue(Long.parseLong(cells.get(5).replace(",", "")) > 0, items);
    }
}
