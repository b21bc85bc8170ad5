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
import org.recllm.core.quant.GgmlType;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.train.DecoderPreset;

/** {@code recllm llm train}: a short run writes a model the engine runs, the report and the loss curve; its errors. */
class LlmTrainCommandTest {

    @Test
    void aShortRunWritesAModelGenerateRunsAndTheReport(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add("{\"prompt\": \"user " + i + " likes\", \"answer\": \" movie " + (i % 7) + " and movie " + (i % 5) + "\"}");
            lines.add("{\"text\": \"Profile " + i + ": enjoys dramas, dislikes horror.\"}");
        }
        Path corpus = Files.write(dir.resolve("corpus.jsonl"), lines);
        Path model = dir.resolve("out/model.gguf");
        Path report = dir.resolve("out/report.json");
        CliRun run = CliRun.of("llm", "train", "--corpus", corpus.toString(), "--preset", "tiny", "--steps", "20",
                "--batch", "2", "--tokenizer-vocab", "320", "--out", model.toString(), "--report", report.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = AtomicFiles.JSON.readTree(Files.readString(report));
        assertEquals(20, json.get("steps").asInt());
        assertEquals(76, json.get("train_sequences").asInt());
        assertEquals(4, json.get("valid_sequences").asInt());
        assertEquals(320, json.get("vocabulary").asInt());
        assertEquals(DecoderPreset.TINY.parameters(320), json.get("parameters").asLong());
        JsonNode losses = json.get("losses");
        assertEquals(20, losses.size(), "--steps 20 logs every step (a hundredth of the run, at least 1)");
        assertTrue(losses.get(19).get("train_loss").asDouble() < losses.get(0).get("train_loss").asDouble(), losses.toString());
        assertTrue(json.get("final_valid_loss").asDouble() > 0);
        assertTrue(json.get("tokens_per_second").asDouble() > 0);
        assertTrue(Files.size(dir.resolve("out/report.loss.png")) > 1000);

        CliRun generate = CliRun.of("llm", "generate", "--model", model.toString(), "--prompt", "user 3 likes", "-n", "5");
        assertEquals(0, generate.exitCode(), generate.err());
        assertTrue(generate.out().startsWith("user 3 likes"), generate.out());
    }

    @Test
    void recomputingActivationsWritesTheSameModelBitForBit(@TempDir Path dir) throws IOException {
        Path corpus = likes(dir, "{\"prompt\": \"user %d likes\", \"answer\": \" movie %d and movie %d\"}");
        byte[][] models = new byte[2][];
        long[] activations = new long[2];
        for (int run = 0; run < 2; run++) {
            Path model = dir.resolve(run + "/model.gguf");
            List<String> args = new ArrayList<>(List.of("llm", "train", "--corpus", corpus.toString(), "--preset", "tiny",
                    "--steps", "6", "--batch", "3", "--tokenizer-vocab", "300", "--out", model.toString(), "--report",
                    dir.resolve(run + "/report.json").toString()));
            if (run == 1) {
                args.add("--recompute-activations");
            }
            CliRun train = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, train.exitCode(), train.err());
            models[run] = Files.readAllBytes(model);
            activations[run] = AtomicFiles.JSON.readTree(Files.readString(dir.resolve(run + "/report.json")))
                    .get("activation_bytes").asLong();
        }
        assertTrue(java.util.Arrays.equals(models[0], models[1]), "the same weights with and without recomputation");
        assertTrue(activations[1] > 0 && activations[1] < activations[0] * 0.7, java.util.Arrays.toString(activations));
    }

    @Test
    void outTypeWritesTheMatricesQuantisedAndTheEngineRunsThem(@TempDir Path dir) throws IOException {
        Path corpus = likes(dir, "{\"text\": \"user %d likes movie %d and movie %d\"}");
        long[] sizes = new long[2];
        String[] types = {"F32", "q8_0"};
        for (int run = 0; run < 2; run++) {
            Path model = dir.resolve(run + ".gguf");
            CliRun train = CliRun.of("llm", "train", "--corpus", corpus.toString(), "--preset", "tiny", "--steps", "3",
                    "--batch", "2", "--tokenizer-vocab", "300", "--out-type", types[run], "--out", model.toString(),
                    "--report", dir.resolve(run + ".json").toString());
            assertEquals(0, train.exitCode(), train.err());
            sizes[run] = Files.size(model);
        }
        try (GgufFile gguf = GgufFile.open(dir.resolve("1.gguf"))) {
            assertEquals(GgmlType.Q8_0, gguf.tensor("blk.0.ffn_down.weight").type());
            assertEquals(GgmlType.Q8_0, gguf.tensor("token_embd.weight").type());
            assertEquals(GgmlType.F32, gguf.tensor("blk.0.attn_norm.weight").type());
            assertEquals(7, gguf.metadata().integer("general.file_type"));
        }
        // 34 bytes per 32 values against 128, the norms aside.
        assertTrue(sizes[1] < sizes[0] * 0.3, java.util.Arrays.toString(sizes));
        CliRun generate = CliRun.of("llm", "generate", "--model", dir.resolve("1.gguf").toString(), "--prompt", "user 3", "-n", "4");
        assertEquals(0, generate.exitCode(), generate.err());

        CliRun kQuant = CliRun.of("llm", "train", "--corpus", corpus.toString(), "--out-type", "Q4_K", "--out",
                dir.resolve("k.gguf").toString(), "--report", dir.resolve("k.json").toString());
        assertEquals(2, kQuant.exitCode(), kQuant.err());
        assertTrue(kQuant.err().contains("--out-type") && kQuant.err().contains("F32, F16, Q4_0, Q8_0, BF16"), kQuant.err());
    }

    @Test
    void helpListsThePresetsAndErrorsNameTheLineOrOption(@TempDir Path dir) throws IOException {
        CliRun help = CliRun.of("llm", "train", "--help");
        for (DecoderPreset preset : DecoderPreset.values()) {
            assertTrue(help.out().replaceAll("\\s+", " ").contains(preset.describe(4096)), preset.describe(4096) + "\n" + help.out());
        }
        Path corpus = Files.write(dir.resolve("bad.jsonl"), List.of("{\"text\": \"fine\"}", "", "{\"prompt\": \"no answer\"}"));
        String[] common = {"--out", dir.resolve("m.gguf").toString(), "--report", dir.resolve("r.json").toString()};
        CliRun bad = CliRun.of(concat(new String[] {"llm", "train", "--corpus", corpus.toString()}, common));
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("bad.jsonl:3") && bad.err().contains("answer"), bad.err());
        CliRun preset = CliRun.of(concat(new String[] {"llm", "train", "--corpus", corpus.toString(), "--preset", "huge"}, common));
        assertTrue(preset.err().contains("--preset") && preset.err().contains("tiny, small, medium"), preset.err());
    }

    /** 30 corpus lines, {@code format} filled with the user i, i mod 7 and i mod 5. */
    private static Path likes(Path dir, String format) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add(String.format(java.util.Locale.ROOT, format, i, i % 7, i % 5));
        }
        return Files.write(dir.resolve("corpus.jsonl"), lines);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
