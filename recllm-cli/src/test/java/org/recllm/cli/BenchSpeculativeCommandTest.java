package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.testing.SharedData;
import org.recllm.llm.speculative.PoolTexts;

/**
 * {@code recllm bench speculative} on the real stories260K model with six story openings: the report's fixed fields and
 * their relations, the answers it writes as the next run's pool, and its refusals.
 */
class BenchSpeculativeCommandTest {
    private static final List<String> PROMPTS = List.of("Once upon a time", "The little dog", "Lily and Ben went to the park",
            "One day, a little bird", "Tom had a big red ball", "The sun was shining");
    /** llama.cpp's greedy text for the first prompt with 48 new tokens (shared/models/README.md). */
    private static final String ONCE = "Once upon a time, there was a little girl named Lily. She loved to play outside in the "
            + "park. One day, she saw a big, red ball. She wanted to play with it,";
    /** Names scripts read: they must not change. */
    private static final List<String> FIXED = List.of("speedup", "acceptance", "mean_accepted_length", "retrieval_share",
            "tokens_per_s_off", "tokens_per_s_on");

    @TempDir
    Path temp;

    private CliRun bench(Path prompts, Path pool, String... more) {
        List<String> args = new ArrayList<>(List.of("bench", "speculative", "--model",
                SharedData.require("models/stories260K.gguf").toString(), "--prompts", prompts.toString(),
                "--pool", pool.toString(), "-n", "48", "--rounds", "1", "--draft-policy", "acceptance"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void strictWritesTheFixedFiguresWithIdenticalAnswersAndAnswersThatSeedTheNextRun() throws IOException {
        Path prompts = Files.write(temp.resolve("prompts.txt"), PROMPTS);
        // A pool of stories that are not these prompts' answers: some drafts, mostly rejected.
        Path stories = Files.write(temp.resolve("stories.txt"), List.of(
                "The cat sat on the mat. She was happy. She wanted to play with her friends.",
                "Lily and Ben were friends. They liked to play in the garden. One day, they saw a big tree."));
        Path report = temp.resolve("out/R.json");
        Path answers = temp.resolve("out/answers.jsonl");
        CliRun run = bench(prompts, stories, "--mode", "strict", "--concurrency", "2", "--out", report.toString(),
                "--answers-out", answers.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("written: " + report) && run.out().contains("answers written: " + answers), run.out());
        JsonNode first = AtomicFiles.JSON.readTree(Files.readString(report));
        for (String field : FIXED) {
            assertTrue(first.has(field) && first.get(field).isNumber(), field + " in " + first);
        }
        assertEquals("strict", first.get("mode").asText());
        assertEquals("stories260K.gguf", first.get("model").asText());
        assertEquals(6, first.get("prompts").asInt());
        assertEquals(2, first.get("pool_answers").asLong());
        assertEquals(48, first.get("max_new_tokens").asInt());
        assertEquals(2, first.get("concurrency").asInt());
        assertEquals(6, first.get("identical_answers").asInt(), "strict greedy decoding gives plain decoding's answers");
        assertEquals(1.0, first.get("token_agreement").asDouble(), 0);
        assertRelations(first);
        // Several sequences per pass cost other than one: no ceiling is given.
        assertTrue(first.get("ceiling_speedup").isNull() && first.get("share_of_ceiling").isNull(), first.toString());
        // The pool had no answer to these prompts before the run: whatever was accepted came from short matches.
        assertTrue(first.get("acceptance").asDouble() < 0.9, first.toString());

        List<String> texts = PoolTexts.read(answers);
        assertEquals(6, texts.size());
        assertEquals(6, Files.readAllLines(answers).size(), "one JSON line per prompt");
        assertEquals(ONCE, PROMPTS.getFirst() + texts.getFirst(), "the first answer is llama.cpp's greedy continuation");
        for (String text : texts) {
            assertFalse(text.isBlank());
        }

        // Those answers as the pool: every drafted answer is in it, so nearly every draft stays and passes carry several tokens.
        Path second = temp.resolve("second.json");
        CliRun again = bench(prompts, answers, "--out", second.toString());
        assertEquals(0, again.exitCode(), again.err());
        JsonNode seeded = AtomicFiles.JSON.readTree(Files.readString(second));
        assertEquals("strict", seeded.get("mode").asText(), "strict is the default mode");
        assertEquals(6, seeded.get("pool_answers").asLong());
        assertEquals(6, seeded.get("identical_answers").asInt());
        assertRelations(seeded);
        assertTrue(seeded.get("acceptance").asDouble() > 0.8, seeded.toString());
        assertTrue(seeded.get("tokens_per_pass").asDouble() > 3, seeded.toString());
        assertTrue(seeded.get("acceptance").asDouble() > first.get("acceptance").asDouble(), seeded + " against " + first);
        // One sequence per pass: the engine's k-position costs are measured, and the ceiling the drafts allow with them.
        JsonNode cost = seeded.get("pass_cost_relative_to_k1");
        assertEquals(seeded.get("max_draft").asInt() + 2, cost.size(), cost.toString());
        assertEquals(1.0, cost.get(1).asDouble(), 1e-12);
        double ceiling = seeded.get("ceiling_speedup").asDouble();
        assertTrue(ceiling > 0, seeded.toString());
        assertEquals(seeded.get("speedup").asDouble() / ceiling, seeded.get("share_of_ceiling").asDouble(), 1e-9, seeded.toString());
    }

    /** What holds in every report, whatever the machine's speed. */
    private static void assertRelations(JsonNode json) {
        double off = json.get("tokens_per_s_off").asDouble();
        double on = json.get("tokens_per_s_on").asDouble();
        assertTrue(off > 0 && on > 0, json.toString());
        assertEquals(on / off, json.get("speedup").asDouble(), 1e-9 * on / off, json.toString());
        double acceptance = json.get("acceptance").asDouble();
        assertTrue(acceptance >= 0 && acceptance <= 1, json.toString());
        double retrieval = json.get("retrieval_share").asDouble();
        assertTrue(retrieval >= 0 && retrieval < 1, json.toString());
        double accepted = json.get("mean_accepted_length").asDouble();
        assertTrue(accepted >= 0 && accepted <= json.get("max_draft").asInt(), json.toString());
        assertTrue(json.get("tokens_per_pass").asDouble() >= 1, json.toString());
        // --rounds 1: one timed round of each, both producing the same number of tokens (identical answers).
        JsonNode rounds = json.get("rounds");
        assertEquals(2, rounds.size(), rounds.toString());
        assertEquals(List.of("off", "strict"), List.of(rounds.get(0).get("mode").asText(), rounds.get(1).get("mode").asText()));
        assertEquals(rounds.get(0).get("tokens").asLong(), rounds.get(1).get("tokens").asLong(), rounds.toString());
        assertEquals(off, rounds.get(0).get("tokens_per_s").asDouble(), 0, "the median of one round is that round");
        assertEquals(on, rounds.get(1).get("tokens_per_s").asDouble(), 0);
    }

    @Test
    void offAndUnknownModesAndBadInputsAreRefused() throws IOException {
        Path prompts = Files.write(temp.resolve("prompts.txt"), PROMPTS);
        Path pool = Files.write(temp.resolve("pool.txt"), List.of("Once upon a time, there was a cat."));
        Path report = temp.resolve("R.json");
        CliRun off = bench(prompts, pool, "--mode", "off", "--out", report.toString());
        assertEquals(2, off.exitCode());
        assertEquals("error: --mode: expected strict or relaxed (off is what it is compared with)", off.err().strip());
        assertFalse(Files.exists(report));

        CliRun maybe = bench(prompts, pool, "--mode", "maybe");
        assertEquals(2, maybe.exitCode());
        assertEquals("error: --mode: speculative mode must be off, strict or relaxed, got 'maybe'", maybe.err().strip());

        CliRun rounds = bench(prompts, pool, "--concurrency", "0");
        assertEquals(2, rounds.exitCode());
        assertEquals("error: -n/--concurrency/--rounds: max new tokens, concurrency and rounds must be at least 1",
                rounds.err().strip());

        Path empty = Files.writeString(temp.resolve("empty.txt"), "\n\n");
        CliRun none = bench(empty, pool);
        assertEquals(2, none.exitCode());
        assertEquals("error: " + empty + ": no prompts in the file", none.err().strip());

        Path absent = temp.resolve("absent.txt");
        CliRun missing = bench(prompts, absent);
        assertEquals(2, missing.exitCode(), missing.err());
        assertEquals("error: " + absent + ": file not found", missing.err().strip());
    }
}
