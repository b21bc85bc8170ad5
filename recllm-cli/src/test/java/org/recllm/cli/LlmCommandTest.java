package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** {@code recllm llm generate|embed|bench} on the real stories260K model, and their errors. */
class LlmCommandTest {

    @Test
    void generateContinuesAPromptLikeLlamaCpp() {
        Path model = SharedData.require("models/stories260K.gguf");
        CliRun run = CliRun.of("llm", "generate", "--model", model.toString(), "--prompt", "The little dog", "-n", "48");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("The little dog was a little girl named Lily. She loved to play with her toys and her toys. One day, "
                + "she saw a big box with a big box. It was a big,", run.out().strip());
    }

    @Test
    void sampledGenerationIsReproducibleBySeed() {
        Path model = SharedData.require("models/stories260K.gguf");
        String[] args = {"llm", "generate", "--model", model.toString(), "--prompt", "Once", "-n", "20", "--temperature", "0.9",
                "--seed", "5"};
        assertEquals(CliRun.of(args).out(), CliRun.of(args).out());
    }

    @Test
    void embedPrintsAUnitVectorOfTheModelWidth() {
        Path model = SharedData.require("models/stories260K.gguf");
        CliRun run = CliRun.of("llm", "embed", "--model", model.toString(), "--text", "a big red ball", "--layer", "3");
        assertEquals(0, run.exitCode(), run.err());
        String[] values = run.out().strip().split(" ");
        assertEquals(64, values.length);
        double norm = 0;
        for (String value : values) {
            norm += Math.pow(Double.parseDouble(value), 2);
        }
        assertEquals(1.0, norm, 1e-4);
    }

    @Test
    void benchWritesTheFigures(@TempDir Path dir) throws IOException {
        Path model = SharedData.require("models/stories260K.gguf");
        Path out = dir.resolve("bench.json");
        CliRun run = CliRun.of("llm", "bench", "--model", model.toString(), "--prefill", "32", "--decode", "8", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = AtomicFiles.JSON.readTree(Files.readString(out));
        assertTrue(json.get("decode_tokens_per_s").asDouble() > 0);
        List<String> widths = new ArrayList<>();
        json.get("forward_time_relative_to_k1").fieldNames().forEachRemaining(widths::add);
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "16"), widths,
                "k = 1 to 9 (drafts of up to 8 tokens, bench drafts' default) and 16");
        assertEquals(292_800, json.get("parameters").asLong());
        // Rates depend on the machine and its load: only their relations are asserted here (speed lives in benchmarks).
        assertEquals(json.get("weight_bytes").asDouble() * json.get("decode_tokens_per_s").asDouble() / 1e9,
                json.get("decode_read_gb_per_s").asDouble(), 1e-9, "decode reads every weight once per token");
        assertEquals(1.0, json.get("forward_time_relative_to_k1").get("1").asDouble(), 1e-12);
        double machine = json.get("machine_read_gb_per_s").asDouble();
        assertTrue(Double.isNaN(machine) || machine > 0, "machine read rate " + machine + ": positive, or n/a when too short");
        CliRun tooLong = CliRun.of("llm", "bench", "--model", model.toString(), "--prefill", "2040");
        assertEquals(2, tooLong.exitCode());
        assertTrue(tooLong.err().startsWith("error: --prefill/--decode: a run with 2040 prefill and 64 decode tokens needs 2056 "
                + "positions;"), tooLong.err());
    }

    @Test
    void randomModelsAreWrittenAndRun(@TempDir Path dir) {
        Path model = dir.resolve("tiny.gguf");
        CliRun written = CliRun.of("llm", "random-model", "--preset", "tiny", "--arch", "qwen2", "--type", "q8_0",
                "--out", model.toString());
        assertEquals(0, written.exitCode(), written.err());
        assertTrue(written.out().contains("qwen2"), written.out());
        CliRun generated = CliRun.of("llm", "generate", "--model", model.toString(), "--prompt", "a b", "-n", "5");
        assertEquals(0, generated.exitCode(), generated.err());
        CliRun badType = CliRun.of("llm", "random-model", "--type", "Q4_K", "--out", dir.resolve("k.gguf").toString());
        assertEquals(2, badType.exitCode());
        assertTrue(badType.err().contains("multiples of it"), badType.err());
    }

    @Test
    void aFileThatIsNotGgufIsOneClearLine(@TempDir Path dir) throws IOException {
        Path bogus = Files.writeString(dir.resolve("model.gguf"), "definitely not a model");
        CliRun run = CliRun.of("llm", "generate", "--model", bogus.toString(), "--prompt", "hi");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: " + bogus + ": at byte 0: not a GGUF file"), run.err());
    }

    @Test
    void generationStopsAtTheContextAndSaysSo(@TempDir Path dir) {
        Path model = dir.resolve("tiny.gguf");
        assertEquals(0, CliRun.of("llm", "random-model", "--out", model.toString()).exitCode());
        CliRun run = CliRun.of("llm", "generate", "--model", model.toString(), "--prompt", "a b", "-n", "1000000000");
        assertEquals(0, run.exitCode(), run.err());
        // The tiny preset's context is 256 positions; the prompt takes BOS and its two words.
        assertTrue(run.err().contains(" 253 generated ") && run.err().contains("the model's context of 256 tokens is full"),
                run.err());
        String longPrompt = "a ".repeat(300);
        CliRun full = CliRun.of("llm", "generate", "--model", model.toString(), "--prompt", longPrompt);
        assertEquals(2, full.exitCode());
        assertTrue(full.err().startsWith("error: --prompt: the prompt is "), full.err());
    }

    @Test
    void samplingOptionsOutOfRangeAreOneLineNamingTheOption() {
        Path model = SharedData.require("models/stories260K.gguf");
        String[][] cases = {{"--temperature", "-1"}, {"--top-p", "5"}, {"--top-k", "-2"}, {"--min-p", "1"},
                {"--min-p", "-0.1"}, {"--repeat-penalty", "0"}};
        for (String[] option : cases) {
            CliRun run = CliRun.of("llm", "generate", "--model", model.toString(), "--prompt", "hi", option[0], option[1]);
            assertEquals(2, run.exitCode(), option[0]);
            assertTrue(run.err().startsWith("error: " + option[0] + ": expected "), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    @Test
    void helpDescribesEveryOption() {
        String generate = CliRun.of("llm", "generate", "--help").out();
        for (String described : new String[] {"--top-k=<topK>", "Sample among the k most likely", "Nucleus sampling",
                "less likely than min-p times", "Sampling temperature", "penalises tokens"}) {
            assertTrue(generate.contains(described), described + " in:\n" + generate);
        }
        String randomModel = CliRun.of("llm", "random-model", "--help").out();
        for (String described : new String[] {"Seed every weight derives from", "Where to write the model", "Default: F32"}) {
            assertTrue(randomModel.contains(described), described + " in:\n" + randomModel);
        }
    }

    @Test
    void anEmbeddingLayerOutsideTheModelIsOneLine() {
        Path model = SharedData.require("models/stories260K.gguf");
        CliRun run = CliRun.of("llm", "embed", "--model", model.toString(), "--text", "a ball", "--layer", "9");
        assertEquals(2, run.exitCode());
        assertEquals("error: --layer: expected 0 (the last block) or a block from 1 to 5, got 9", run.err().strip());
    }
}
