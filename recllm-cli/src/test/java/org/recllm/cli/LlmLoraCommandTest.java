package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/**
 * {@code llm lora} → {@code llm generate --lora} → {@code llm merge} → {@code llm generate} of the merged model: the
 * adapter changes the greedy text towards the corpus, and beside the base or merged into it gives the same text.
 */
class LlmLoraCommandTest {
    private static final String MODEL = SharedData.require("models/stories260K.gguf").toString();

    @Test
    void anAdapterGeneratesTheSameTextBesideTheBaseAndMerged(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add("{\"prompt\": \"The blue robot\", \"answer\": \" sang a song to the moon.\"}");
        }
        Path corpus = Files.write(dir.resolve("corpus.jsonl"), lines);
        Path adapter = dir.resolve("out/adapter.gguf");
        Path report = dir.resolve("out/report.json");
        CliRun lora = CliRun.of("llm", "lora", "--model", MODEL, "--corpus", corpus.toString(), "--rank", "8", "--alpha", "16",
                "--targets", "q,k,v,o,gate,up,down", "--steps", "30", "--batch", "2", "--learning-rate", "1e-2",
                "--valid-fraction", "0", "--out", adapter.toString(), "--report", report.toString());
        assertEquals(0, lora.exitCode(), lora.err());
        JsonNode json = AtomicFiles.JSON.readTree(Files.readString(report));
        assertEquals(30, json.get("steps").asInt());
        JsonNode losses = json.get("losses");
        assertTrue(losses.get(losses.size() - 1).get("train_loss").asDouble() < losses.get(0).get("train_loss").asDouble() / 3,
                losses.toString());

        String[] prompt = {"--prompt", "The blue robot", "-n", "8"};
        String base = generate(prompt, "--model", MODEL);
        String beside = generate(prompt, "--model", MODEL, "--lora", adapter.toString());
        // The answer was tokenised apart from its prompt, so its leading space is a token of its own.
        assertTrue(beside.replaceAll("\\s+", " ").startsWith("The blue robot sang a song"), beside);
        assertNotEquals(base, beside);

        Path merged = dir.resolve("merged.gguf");
        CliRun merge = CliRun.of("llm", "merge", "--model", MODEL, "--lora", adapter.toString(), "--out", merged.toString());
        assertEquals(0, merge.exitCode(), merge.err());
        assertTrue(merge.out().contains("35 matrices merged (rank 8, alpha 16.0)"), merge.out());
        assertEquals(beside, generate(prompt, "--model", merged.toString()));
    }

    @Test
    void recomputingActivationsWritesTheSameAdapterBitForBit(@TempDir Path dir) throws IOException {
        Path corpus = Files.write(dir.resolve("corpus.jsonl"), List.of(
                "{\"prompt\": \"The blue robot\", \"answer\": \" sang a song to the moon.\"}",
                "{\"text\": \"Once upon a time a cat found a red ball in the garden.\"}"));
        byte[][] adapters = new byte[2][];
        for (int run = 0; run < 2; run++) {
            Path adapter = dir.resolve(run + "/adapter.gguf");
            List<String> args = new ArrayList<>(List.of("llm", "lora", "--model", MODEL, "--corpus", corpus.toString(),
                    "--rank", "4", "--targets", "q,v,down", "--steps", "6", "--batch", "2", "--valid-fraction", "0",
                    "--out", adapter.toString(), "--report", dir.resolve(run + "/report.json").toString()));
            if (run == 1) {
                args.add("--recompute-activations");
            }
            CliRun lora = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, lora.exitCode(), lora.err());
            adapters[run] = Files.readAllBytes(adapter);
        }
        assertTrue(java.util.Arrays.equals(adapters[0], adapters[1]), "the same adapter with and without recomputation");
    }

    @Test
    void optionErrorsNameTheOption(@TempDir Path dir) throws IOException {
        Path corpus = Files.write(dir.resolve("c.jsonl"), List.of("{\"text\": \"Once upon a time\"}"));
        String[] common = {"llm", "lora", "--model", MODEL, "--corpus", corpus.toString(), "--out",
                dir.resolve("a.gguf").toString(), "--report", dir.resolve("r.json").toString()};
        CliRun targets = CliRun.of(concat(common, "--rank", "4", "--targets", "q,x"));
        assertEquals(2, targets.exitCode(), targets.err());
        assertTrue(targets.err().contains("--targets") && targets.err().contains("q, k, v, o, gate, up, down"), targets.err());
        CliRun rank = CliRun.of(concat(common, "--rank", "0"));
        assertTrue(rank.err().contains("--rank"), rank.err());
        CliRun notAdapter = CliRun.of("llm", "generate", "--model", MODEL, "--lora", MODEL, "--prompt", "Once");
        assertEquals(2, notAdapter.exitCode(), notAdapter.err());
        assertTrue(notAdapter.err().contains("is not a LoRA adapter"), notAdapter.err());
    }

    @Test
    void aResumePointBelongsToItsRun(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add("{\"prompt\": \"The blue robot\", \"answer\": \" sang a song " + i + ".\"}");
        }
        Path corpus = Files.write(dir.resolve("corpus.jsonl"), lines);
        Path checkpoint = dir.resolve("lora.ckpt");
        String[] common = {"llm", "lora", "--model", MODEL, "--corpus", corpus.toString(), "--rank", "4", "--steps", "6",
                "--batch", "2", "--valid-fraction", "0", "--checkpoint", checkpoint.toString(), "--checkpoint-every", "3"};
        Path first = dir.resolve("first.gguf");
        CliRun run = CliRun.of(concat(common, "--out", first.toString(), "--report", dir.resolve("r1.json").toString()));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(checkpoint));

        // Resuming the finished run trains nothing more and writes the same adapter.
        Path again = dir.resolve("again.gguf");
        CliRun resumed = CliRun.of(concat(common, "--resume", "--out", again.toString(), "--report",
                dir.resolve("r2.json").toString()));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(again));

        CliRun otherScale = CliRun.of(concat(common, "--resume", "--alpha", "32", "--out", dir.resolve("x.gguf").toString(),
                "--report", dir.resolve("r3.json").toString()));
        assertEquals(2, otherScale.exitCode(), otherScale.err());
        assertTrue(otherScale.err().contains(checkpoint + ": is not a resume point of this model and plan"), otherScale.err());
        CliRun noFile = CliRun.of("llm", "lora", "--model", MODEL, "--corpus", corpus.toString(), "--resume", "--out",
                dir.resolve("y.gguf").toString(), "--report", dir.resolve("r4.json").toString());
        assertEquals(2, noFile.exitCode());
        assertTrue(noFile.err().contains("--resume: needs --checkpoint FILE"), noFile.err());
    }

    private static String generate(String[] prompt, String... model) {
        CliRun run = CliRun.of(concat(concat(new String[] {"llm", "generate"}, model), prompt));
        assertEquals(0, run.exitCode(), run.err());
        return run.out();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
