package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.testing.SharedData;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;

/**
 * {@code recllm knowledge generate --speculative} with stories260K on the tiny MovieLens: strict speculation stores the
 * very answers plain decoding stores, pools per genre group are seeded from the store's earlier answers, and the option
 * is refused where decoding is the server's.
 */
class KnowledgeGenerateSpeculativeTest {
    private static final Pattern SPECULATION = Pattern.compile("speculation: ([\\d,]+) decoding passes, ([\\d.]+) tokens per "
            + "pass, ([\\d,]+) of ([\\d,]+) drafted tokens accepted \\(([\\d.]+)%, ([\\d.]+) per drafted pass\\), retrieval "
            + "([\\d.]+)% of the time; (\\d+) pools");

    @TempDir
    Path temp;

    private Path data;

    @BeforeEach
    void writeData() throws IOException {
        data = TinyMovieLens.write(temp.resolve("ml-100k"));
    }

    private CliRun generate(Path store, String... more) {
        List<String> args = new ArrayList<>(List.of("knowledge", "generate", "--store", store.toString(), "--data",
                data.toString(), "--model", SharedData.require("models/stories260K.gguf").toString(), "--max-tokens", "32"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** What the speculation line reports: passes, accepted and drafted tokens, pools. */
    private record Speculation(long passes, long accepted, long drafted, int pools) {}

    private static Speculation speculation(CliRun run) {
        Matcher m = SPECULATION.matcher(run.out());
        assertTrue(m.find(), "a speculation line in:\n" + run.out());
        Speculation s = new Speculation(Long.parseLong(m.group(1).replace(",", "")), Long.parseLong(m.group(3).replace(",", "")),
                Long.parseLong(m.group(4).replace(",", "")), Integer.parseInt(m.group(8)));
        assertTrue(s.passes() > 0 && s.accepted() <= s.drafted(), run.out());
        return s;
    }

    @Test
    void strictSpeculationStoresThePlainAnswersAndSeedsItsPoolsFromTheStore() {
        Path plain = temp.resolve("plain.db");
        Path drafted = temp.resolve("drafted.db");
        CliRun off = generate(plain, "--limit", "3", "--speculative", "off");
        assertEquals(0, off.exitCode(), off.err());
        assertFalse(off.out().contains("speculat"), off.out());

        // Drafts sized by acceptance: the default cost policy finds that no draft pays on a model as small as stories260K
        // (a pass over k positions costs nearly k one-position passes) and would verify nothing here.
        CliRun first = generate(drafted, "--limit", "3", "--speculative", "strict", "--draft-policy", "acceptance");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().startsWith("stories260K.gguf, scenario movies: 6 of 6 prompts to ask (0 already stored)\n"),
                first.out());
        assertTrue(first.out().contains("\nspeculative decoding (strict): pools by genre seeded with 0 stored answers\n"),
                first.out());
        assertTrue(first.out().contains("stored 6 answers in "), first.out());
        // Movies 1, 2 and 3 are Adventure, Animation and Children's: three item pools, and at least one for the users.
        assertTrue(speculation(first).pools() >= 4, first.out());
        assertEquals(answers(plain), answers(drafted));

        // Run again for six of each: the three of each already stored seed the pools of the three new ones.
        CliRun more = generate(drafted, "--limit", "6", "--speculative", "strict", "--draft-policy", "acceptance");
        assertEquals(0, more.exitCode(), more.err());
        assertTrue(more.out().startsWith("stories260K.gguf, scenario movies: 6 of 12 prompts to ask (6 already stored)\n"),
                more.out());
        assertTrue(more.out().contains("\nspeculative decoding (strict): pools by genre seeded with 6 stored answers\n"),
                more.out());
        Speculation seeded = speculation(more);
        assertTrue(seeded.drafted() > 0 && seeded.accepted() > 0, "drafts from the seeded pools were verified: " + more.out());
        // Movies 4, 5 and 6 add Action to the genres.
        assertTrue(seeded.pools() >= 5, more.out());

        CliRun offMore = generate(plain, "--limit", "6");
        assertEquals(0, offMore.exitCode(), offMore.err());
        Map<String, String> expected = answers(plain);
        assertEquals(12, expected.size());
        assertEquals(expected, answers(drafted));

        // Nothing left to ask: no pools are seeded and no speculation is reported.
        CliRun done = generate(drafted, "--limit", "6", "--speculative", "strict");
        assertEquals("stories260K.gguf, scenario movies: 0 of 12 prompts to ask (12 already stored)\n", done.out());
    }

    @Test
    void poolsAreSeededWithAnotherModelsAnswersAndRelaxedSpeculationDraftsFromThem() throws IOException {
        // The same weights under another name: its answers are another model's entries, about the same entities.
        Path teacher = Files.copy(SharedData.require("models/stories260K.gguf"), temp.resolve("teacher.gguf"));
        Path store = temp.resolve("relaxed.db");
        CliRun earlier = CliRun.of("knowledge", "generate", "--store", store.toString(), "--data", data.toString(),
                "--model", teacher.toString(), "--max-tokens", "32", "--limit", "2");
        assertEquals(0, earlier.exitCode(), earlier.err());
        Map<String, String> teacherAnswers = answers(store, "teacher.gguf");
        assertEquals(4, teacherAnswers.size());

        CliRun run = generate(store, "--limit", "2", "--speculative", "relaxed", "--draft-policy", "acceptance",
                "--concurrency", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("stories260K.gguf, scenario movies: 4 of 4 prompts to ask (0 already stored)\n"),
                run.out());
        assertTrue(run.out().contains("\nspeculative decoding (relaxed): pools by genre seeded with 4 stored answers\n"),
                run.out());
        assertTrue(run.out().contains("stored 4 answers in "), run.out());
        Speculation s = speculation(run);
        // Each pool holds the very answer this model gives: most drafts stay.
        assertTrue(s.drafted() > 0 && s.accepted() > s.drafted() / 2, run.out());
        Map<String, String> answers = answers(store, "stories260K.gguf");
        assertEquals(List.of("item 1", "item 2", "user 1", "user 2"), List.copyOf(answers.keySet()));
        assertEquals(teacherAnswers, answers);
    }

    @Test
    void speculationIsRefusedWhereTheServerDecodesAndBadModesAreOneLine() {
        Path store = temp.resolve("refused.db");
        CliRun openai = CliRun.of("knowledge", "generate", "--store", store.toString(), "--data", data.toString(),
                "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--speculative", "strict");
        assertEquals(2, openai.exitCode());
        assertEquals("error: --speculative: speculative decoding runs in the embedded engine; --backend openai leaves "
                + "decoding to the server", openai.err().strip());
        assertFalse(Files.exists(store), "a refused run leaves no store behind");

        CliRun maybe = generate(store, "--limit", "1", "--speculative", "maybe");
        assertEquals(2, maybe.exitCode());
        assertEquals("error: --speculative: speculative mode must be off, strict or relaxed, got 'maybe'", maybe.err().strip());
        assertFalse(Files.exists(store));

        CliRun threshold = generate(store, "--limit", "1", "--speculative", "relaxed", "--draft-threshold", "-0.5");
        assertEquals(2, threshold.exitCode());
        assertEquals("error: --max-draft/--draft-top-k/--draft-threshold: the relaxed check's probability threshold must be "
                + "in [0, 1], got -0.5", threshold.err().strip());
        assertFalse(Files.exists(store));
    }

    /** "item 3" → its answer, for every entry of {@code store}, with its token counts checked to be present. */
    private static Map<String, String> answers(Path store) {
        return answers(store, "stories260K.gguf");
    }

    /** The same for the entries of {@code modelId}. */
    private static Map<String, String> answers(Path store, String modelId) {
        Map<String, String> answers = new TreeMap<>();
        try (SqliteKnowledgeStore knowledge = SqliteKnowledgeStore.openExisting(store)) {
            for (StoredEntry stored : knowledge.entries(0, 1000)) {
                KnowledgeEntry entry = stored.entry();
                EntryKey key = entry.key();
                if (!key.modelId().equals(modelId)) {
                    continue;
                }
                assertTrue(entry.completionTokens() > 0 && entry.promptTokens() > 0, entry.toString());
                answers.put(key.entityType().label() + " " + key.entityId(), entry.answer());
            }
        }
        return answers;
    }
}
