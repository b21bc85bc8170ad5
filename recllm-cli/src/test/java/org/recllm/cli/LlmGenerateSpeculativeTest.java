package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.testing.SharedData;

/**
 * {@code recllm llm generate --speculative} on the real stories260K model: strict verification prints exactly the
 * plain greedy text whatever the pool holds, a pool holding the answer drafts most of it, and its options' errors.
 */
class LlmGenerateSpeculativeTest {
    /** llama.cpp's greedy text for this prompt with -n 48 (shared/models/README.md). */
    private static final String ONCE = "Once upon a time, there was a little girl named Lily. She loved to play outside in the "
            + "park. One day, she saw a big, red ball. She wanted to play with it,";
    /** The other two reference texts of the README: stories, but not this prompt's. */
    private static final List<String> OTHER_STORIES = List.of(
            "The little dog was a little girl named Lily. She loved to play with her toys and her toys. One day, she saw a "
                    + "big box with a big box. It was a big,",
            "Lily and Ben went to the park. They saw a big box with a big box. They wanted to play with it. They wanted to "
                    + "play with the box. They wanted to play with the box.");
    /** The summary line of a speculative run, on stderr. */
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) prompt tokens, (\\d+) generated in [\\d.]+ s \\([\\d.]+ "
            + "tok/s, prefill included\\) with (\\w+) speculation from a pool of ([\\d,]+) answers: (\\d+) passes, ([\\d.]+) "
            + "tokens per pass, (\\d+) of (\\d+) drafted tokens accepted \\((\\d+)%\\), retrieval ([\\d.]+)% of the time");

    @TempDir
    Path temp;

    private static Path model() {
        return SharedData.require("models/stories260K.gguf");
    }

    private static CliRun generate(String... more) {
        return generateFrom("Once upon a time", more);
    }

    /**
     * Drafts sized by recent acceptance: the same drafts on every machine, so passes and acceptance are known (the
     * default cost policy sizes them by pass costs measured at start, which vary with the machine and its load).
     */
    private static CliRun generateFrom(String prompt, String... more) {
        List<String> args = new ArrayList<>(List.of("llm", "generate", "--model", model().toString(), "--prompt", prompt,
                "-n", "48", "--draft-policy", "acceptance"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** What the summary line says: generated tokens, passes, accepted, drafted, pool answers, tokens per pass. */
    private record Summary(String mode, int generated, int poolAnswers, int passes, double tokensPerPass, int accepted,
                           int drafted) {
        double acceptance() {
            return drafted == 0 ? 0 : (double) accepted / drafted;
        }
    }

    private static Summary summary(CliRun run) {
        Matcher m = SUMMARY.matcher(run.err());
        assertTrue(m.find(), "a speculation summary on stderr:\n" + run.err());
        Summary s = new Summary(m.group(3), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4).replace(",", "")),
                Integer.parseInt(m.group(5)), Double.parseDouble(m.group(6)), Integer.parseInt(m.group(7)),
                Integer.parseInt(m.group(8)));
        assertTrue(s.accepted() <= s.drafted(), run.err());
        // The first token comes from the prompt's pass; every decoding pass adds its accepted drafts and one token of
        // the model's own, except a last pass whose accepted draft fills the last allowed token.
        int produced = s.passes() + s.accepted();
        assertTrue(produced == s.generated() - 1 || produced == s.generated(),
                "passes + accepted drafts = the tokens after the first (+1): " + run.err());
        assertEquals((s.generated() - 1) / (double) s.passes(), s.tokensPerPass(), 0.005, run.err());
        assertEquals(Math.round(100 * s.acceptance()), Long.parseLong(m.group(9)), run.err());
        double retrieval = Double.parseDouble(m.group(10));
        assertTrue(retrieval >= 0 && retrieval < 100, run.err());
        return s;
    }

    @Test
    void strictSpeculationPrintsThePlainGreedyTextAndReportsPassesAndAcceptance() throws IOException {
        CliRun off = generate("--speculative", "off");
        assertEquals(0, off.exitCode(), off.err());
        assertEquals(ONCE, off.out().strip());
        assertFalse(off.err().contains("speculation"), off.err());

        Path pool = Files.write(temp.resolve("stories.txt"), OTHER_STORIES);
        CliRun strict = generate("--speculative", "strict", "--pool", pool.toString());
        assertEquals(0, strict.exitCode(), strict.err());
        assertEquals(off.out(), strict.out());
        Summary s = summary(strict);
        assertEquals("strict", s.mode());
        assertEquals(48, s.generated());
        assertEquals(2, s.poolAnswers());
        assertTrue(s.drafted() > 0, "the other stories share phrases with this one: " + strict.err());
    }

    @Test
    void aLongPromptGivesThePlainTextToo() throws IOException {
        // Over 32 prompt tokens: the prompt's pass runs as a packed GEMM; decoding and verification passes must not.
        String prompt = OTHER_STORIES.get(1);
        CliRun off = generateFrom(prompt);
        assertEquals(0, off.exitCode(), off.err());
        int promptTokens = Integer.parseInt(off.err().substring(0, off.err().indexOf(' ')));
        assertTrue(promptTokens > 32, "a prompt of " + promptTokens + " tokens: " + off.err());
        Path pool = Files.write(temp.resolve("pool.txt"), List.of(ONCE, off.out().strip()));
        for (String mode : List.of("strict", "relaxed")) {
            CliRun drafted = generateFrom(prompt, "--speculative", mode, "--pool", pool.toString());
            assertEquals(0, drafted.exitCode(), drafted.err());
            assertEquals(off.out(), drafted.out(), mode);
            Summary s = summary(drafted);
            assertEquals(48, s.generated());
            assertTrue(s.acceptance() > 0.75 && s.passes() < 24, mode + ": " + drafted.err());
        }
    }

    @Test
    void aPoolHoldingTheAnswerDraftsMostOfIt() throws IOException {
        // JSON Lines this time, with the exact greedy text among other answers.
        Path pool = Files.writeString(temp.resolve("answers.jsonl"), "{\"text\": \"" + OTHER_STORIES.get(0) + "\"}\n\n"
                + "{\"text\": \"" + ONCE + "\", \"model\": \"stories260K\"}\n");
        for (String mode : List.of("strict", "relaxed")) {
            CliRun run = generate("--speculative", mode, "--pool", pool.toString());
            assertEquals(0, run.exitCode(), run.err());
            if (mode.equals("strict")) {
                assertEquals(ONCE, run.out().strip());
            } else {
                // Relaxed keeps a draft the model ranks among its top 2 with probability 0.1 or more: past "named Lily."
                // the other story's "She loved to play with her toys" passes, where greedy goes "outside in the park".
                assertTrue(run.out().startsWith("Once upon a time, there was a little girl named Lily. She loved to play "
                        + "with her toys"), run.out());
            }
            Summary s = summary(run);
            assertEquals(mode, s.mode());
            assertEquals(48, s.generated());
            assertEquals(2, s.poolAnswers());
            assertTrue(s.acceptance() > 0.75, mode + ": acceptance " + s.acceptance() + "\n" + run.err());
            assertTrue(s.passes() < 48 / 2, mode + ": " + s.passes() + " passes for 48 tokens\n" + run.err());
        }
        // Without the answer in the pool, the same run needs more passes.
        Path others = Files.write(temp.resolve("others.txt"), OTHER_STORIES);
        Summary without = summary(generate("--speculative", "strict", "--pool", others.toString()));
        Summary with = summary(generate("--speculative", "strict", "--pool", pool.toString()));
        assertTrue(with.passes() < without.passes(), with + " against " + without);
    }

    @Test
    void theDefaultCostPolicyKeepsTheTextExactAndABadPolicyIsOneLine() throws IOException {
        Path pool = Files.writeString(temp.resolve("answer.txt"), ONCE + "\n" + OTHER_STORIES.get(0) + "\n");
        CliRun run = CliRun.of("llm", "generate", "--model", model().toString(), "--prompt", "Once upon a time", "-n", "48",
                "--speculative", "strict", "--pool", pool.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(ONCE, run.out().strip());
        Summary s = summary(run);
        assertEquals(48, s.generated());
        assertEquals(2, s.poolAnswers());
        assertOneLine(CliRun.of("llm", "generate", "--model", model().toString(), "--prompt", "Once upon a time",
                "--speculative", "strict", "--pool", pool.toString(), "--draft-policy", "fast"),
                "error: --draft-policy: expected cost or acceptance, got 'fast'");
    }

    @Test
    void aSmallPoolCapacityKeepsOutputExactAndShortDraftsStillWork() throws IOException {
        Path pool = Files.writeString(temp.resolve("answer.txt"), ONCE + "\n");
        CliRun run = generate("--speculative", "strict", "--pool", pool.toString(), "--max-draft", "1",
                "--pool-capacity", "16");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(ONCE, run.out().strip());
        Summary s = summary(run);
        assertTrue(s.drafted() <= s.passes(), "drafts of one token at most: " + run.err());
    }

    @Test
    void badSpeculationOptionsAreOneLineNamingTheOption() throws IOException {
        Path pool = Files.write(temp.resolve("stories.txt"), OTHER_STORIES);
        assertOneLine(generate("--speculative", "maybe"), "error: --speculative: speculative mode must be off, strict or "
                + "relaxed, got 'maybe'");
        assertOneLine(generate("--speculative", "relaxed", "--draft-top-k", "0", "--pool", pool.toString()),
                "error: --max-draft/--draft-top-k/--draft-threshold: the relaxed check's top-k must be at least 1, got 0");
        assertOneLine(generate("--speculative", "relaxed", "--draft-threshold", "2", "--pool", pool.toString()),
                "error: --max-draft/--draft-top-k/--draft-threshold: the relaxed check's probability threshold must be in "
                        + "[0, 1], got 2.0");
        assertOneLine(generate("--speculative", "strict", "--max-draft", "0"),
                "error: --max-draft/--draft-top-k/--draft-threshold: drafts must be 1 to 64 tokens long at most, got 0");
        assertOneLine(generate("--speculative", "strict", "--pool-capacity", "1"),
                "error: --pool-capacity: a pool's capacity must be at least 2 tokens, got 1");
        assertOneLine(generate("--pool", pool.toString()),
                "error: --pool: pools are drafted from only with --speculative strict|relaxed");
        assertOneLine(generate("--speculative", "off", "--pool", pool.toString()),
                "error: --pool: pools are drafted from only with --speculative strict|relaxed");
    }

    @Test
    void aBadPoolFileIsOneLineNamingTheFileAndLine() throws IOException {
        Path noText = Files.writeString(temp.resolve("pool.jsonl"), "{\"text\": \"a story\"}\n\n{\"answer\": \"no text\"}\n");
        assertOneLine(generate("--speculative", "strict", "--pool", noText.toString()),
                "error: " + noText + ":3: field 'text': expected a string field \"text\" in every JSON line");
        Path notJson = Files.writeString(temp.resolve("broken.jsonl"), "{\"text\": \"a story\"}\n{\"text\": \n");
        CliRun broken = generate("--speculative", "strict", "--pool", notJson.toString());
        assertOneLine(broken, null);
        assertTrue(broken.err().startsWith("error: " + notJson + ":2: expected a JSON object with a \"text\" field"),
                broken.err());
        Path numeric = Files.writeString(temp.resolve("numbers.jsonl"), "{\"text\": 42}\n");
        assertOneLine(generate("--speculative", "strict", "--pool", numeric.toString()),
                "error: " + numeric + ":1: field 'text': expected a string field \"text\" in every JSON line");
        Path absent = temp.resolve("absent.txt");
        CliRun missing = generate("--speculative", "strict", "--pool", absent.toString());
        assertOneLine(missing, "error: " + absent + ": file not found");
        assertEquals("", missing.out(), "the pools are read before the prompt is echoed");
    }

    /** Exit code 2 and exactly one line on stderr, equal to {@code expected} when given. */
    private static void assertOneLine(CliRun run, String expected) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        if (expected != null) {
            assertEquals(expected, run.err().strip());
        }
    }
}
