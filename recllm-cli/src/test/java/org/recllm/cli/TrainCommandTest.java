package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.checkpoint.Checkpoint;
import org.recllm.core.io.AtomicFiles;

/** {@code recllm data synth}, {@code train} and {@code bench ctr} end to end on a small synthetic store. */
class TrainCommandTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void synthesise() {
        CliRun run = CliRun.of("data", "synth", "--rows", "6000", "--fields", "9", "--seed", "3", "--out", dir.resolve("synth").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("best achievable test AUC (true probabilities): 0."), run.out());
    }

    @Test
    void trainWritesTheReportTheIssuePromises() throws IOException {
        Path report = dir.resolve("report.json");
        CliRun run = CliRun.of("train", "--samples", dir.resolve("synth").toString(), "--model", "fm", "--seeds", "2",
                "--epochs", "3", "--batch", "512", "--lr", "0.01", "--schedule", "cosine", "--warmup", "4", "--report", report.toString(),
                "--checkpoint", dir.resolve("ckpt").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = AtomicFiles.JSON.readTree(report.toFile());
        assertEquals("random-8:1:1", json.get("protocol").asText());
        assertEquals("fm", json.get("model").asText());
        assertEquals(16, json.get("config").get("embedding").get("dim").asInt());
        assertEquals(2, json.get("seeds").size());
        assertEquals("COSINE", json.get("train").get("schedule").asText());
        JsonNode epochs = json.get("seeds").get(0).get("epochs");
        assertTrue(epochs.get(2).get("learningRate").asDouble() < epochs.get(0).get("learningRate").asDouble(),
                "the cosine schedule lowers the rate over the epochs: " + epochs);
        for (JsonNode seed : json.get("seeds")) {
            for (String field : new String[] {"seed", "test_auc", "test_logloss", "best_epoch", "train_samples_per_s"}) {
                assertTrue(seed.has(field), "seed entry lacks " + field + ": " + seed);
            }
        }
        double mean = (json.get("seeds").get(0).get("test_auc").asDouble() + json.get("seeds").get(1).get("test_auc").asDouble()) / 2;
        assertEquals(mean, json.get("test_auc_mean").asDouble(), 1e-12);
        assertTrue(json.has("test_auc_std") && json.has("test_logloss_mean") && json.has("test_logloss_std"));
        assertEquals("fm", Checkpoint.header(dir.resolve("ckpt/fm-seed2.ckpt")).model());

        CliRun table = CliRun.of("report", report.toString(), "--markdown");
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().startsWith("| model | protocol | seeds | test AUC |"), table.out());
        assertTrue(table.out().contains("| fm | random-8:1:1 | 2 | " + String.format(java.util.Locale.ROOT, "%.4f",
                json.get("test_auc_mean").asDouble())), table.out());
        CliRun notJson = CliRun.of("report", dir.resolve("ckpt/fm-seed2.ckpt").toString());
        assertEquals(1, notJson.exitCode());
        assertTrue(notJson.err().startsWith("error: could not read " + dir.resolve("ckpt/fm-seed2.ckpt")), notJson.err());
        Path other = Files.writeString(dir.resolve("other.json"), "{\"model\": \"x\"}");
        CliRun notAReport = CliRun.of("report", other.toString());
        assertEquals(2, notAReport.exitCode());
        assertTrue(notAReport.err().contains("is not a train or KAR report"), notAReport.err());
    }

    @Test
    void anExperimentFileDescribesTheRunAndFlagsOverrideIt() throws IOException {
        Path config = Files.writeString(dir.resolve("run.yaml"), """
                samples: %s
                models: lr
                settings: {}
                seeds: 1
                train: {epochs: 2, batch: 300, lr: 0.02, patience: 1}
                """.formatted(dir.resolve("synth")));
        Path report = dir.resolve("from-file.json");
        CliRun run = CliRun.of("train", "--config", config.toString(), "--batch", "400", "--report", report.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("training lr: batch 400, lr 0.02, ≤ 2 epochs, patience 1, constant, 1 seed(s)"), run.out());
        JsonNode json = AtomicFiles.JSON.readTree(report.toFile());
        assertEquals(400, json.get("train").get("batchSize").asInt(), "the flag wins over the file");
        assertEquals(2, json.get("train").get("epochs").asInt(), "the file wins over the default");
        assertTrue(Files.isRegularFile(dir.resolve("from-file.runs.jsonl")), "train keeps a run journal beside its report");

        CliRun again = CliRun.of("train", "--config", config.toString(), "--batch", "400", "--report", report.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("lr seed 1: test AUC " + String.format(java.util.Locale.ROOT, "%.4f",
                json.get("test_auc_mean").asDouble()) + " from the run journal"), "a rerun resumes: " + again.out());

        CliRun table = CliRun.of("report", report.toString());
        assertTrue(table.out().contains("batch 400, lr 0.02, ≤ 2 epochs, patience 1, constant"), table.out());

        Path typo = Files.writeString(dir.resolve("typo.yaml"), "samples: x\ntrain: {epoch: 2}\n");
        CliRun bad = CliRun.of("train", "--config", typo.toString(), "--model", "lr");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("typo.yaml:2: field 'epoch': unknown key; expected one of"), bad.err());
    }

    @Test
    void aDamagedStoreIsRefusedBeforeTrainingWithTheColumnNamed() throws IOException {
        Path copy = dir.resolve("damaged");
        try (var files = Files.walk(dir.resolve("synth"))) {
            for (Path source : files.toList()) {
                Files.copy(source, copy.resolve(dir.resolve("synth").relativize(source).toString()));
            }
        }
        Path column;
        try (var files = Files.walk(copy)) {
            column = files.filter(f -> f.toString().endsWith("/train/c01.bin")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(column);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(column, bytes);
        CliRun run = CliRun.of("train", "--samples", copy.toString(), "--model", "lr", "--epochs", "1");
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().startsWith("error: ") && run.err().contains("train/c01"), run.err());
        assertTrue(!run.out().contains("test AUC"), "nothing was trained: " + run.out());
    }

    @Test
    void trainingOptionsAreCheckedBeforeAnyWork() {
        String samples = dir.resolve("synth").toString();
        for (String[] option : new String[][] {{"--batch", "0"}, {"--batch", "-5"}, {"--epochs", "-1"}, {"--lr", "NaN"},
                {"--seeds", "0"}, {"--schedule", "zigzag"}, {"--weight-decay", "-1"}}) {
            CliRun run = CliRun.of("train", "--samples", samples, "--model", "lr", option[0], option[1]);
            assertEquals(2, run.exitCode(), String.join(" ", option) + ": " + run.err());
            assertTrue(run.err().startsWith("error: " + option[0] + ": expected"), run.err());
            assertTrue(run.err().lines().count() == 1, "one line: " + run.err());
        }
        CliRun unwritable = CliRun.of("train", "--samples", samples, "--model", "lr", "--report", "/proc/recllm/report.json");
        assertEquals(2, unwritable.exitCode());
        assertTrue(unwritable.err().startsWith("error: --report: cannot write into /proc ("), unwritable.err());
        assertTrue(!unwritable.out().contains("epoch"), "nothing was trained: " + unwritable.out());
        for (String[] command : new String[][] {
                {"bench", "ctr", "--samples", samples, "--model", "lr", "--out", "/proc/recllm/bench.json"},
                {"llm", "bench", "--model", "/nonexistent.gguf", "--out", "/proc/recllm/bench.json"},
                {"llm", "random-model", "--preset", "tiny", "--out", "/proc/recllm/m.gguf"},
                {"data", "synth", "--rows", "100", "--out", "/proc/recllm/synth"},
                {"data", "prepare", "--data", "/nonexistent", "--out", "/proc/recllm/u1"},
                {"data", "export", "--samples", samples, "--format", "csv", "--out", "/proc/recllm/csv"}}) {
            CliRun run = CliRun.of(command);
            assertEquals(2, run.exitCode(), String.join(" ", command) + ": " + run.err());
            assertTrue(run.err().startsWith("error: --out: cannot write into /proc ("), run.err());
        }
    }

    @Test
    void unknownModelAndBadSettingAreOneLine() {
        CliRun model = CliRun.of("train", "--samples", dir.resolve("synth").toString(), "--model", "bert");
        assertEquals(2, model.exitCode());
        assertTrue(model.err().startsWith("error: --model: unknown model 'bert'"), model.err());
        CliRun setting = CliRun.of("train", "--samples", dir.resolve("synth").toString(), "--model", "deepfm", "--set", "depth");
        assertEquals(2, setting.exitCode());
        assertTrue(setting.err().contains("expected KEY=VALUE"), setting.err());
    }

    @Test
    void benchWritesThroughputJson() throws IOException {
        Path out = dir.resolve("bench.json");
        CliRun run = CliRun.of("bench", "ctr", "--samples", dir.resolve("synth").toString(), "--model", "fm,deepfm",
                "--batch", "256", "--seconds", "0.5", "--set", "embedding.dim=8", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = AtomicFiles.JSON.readTree(Files.readString(out));
        assertEquals(2, json.get("results").size());
        double machine = json.get("machine_gemm_gflops").asDouble();
        assertTrue(machine > 0, json.toString());
        String[] models = {"fm", "deepfm"};
        for (int i = 0; i < models.length; i++) {
            JsonNode result = json.get("results").get(i);
            assertEquals(models[i], result.get("model").asText());
            assertEquals(256, result.get("batch").asInt());
            long trained = result.get("train_samples").asLong();
            assertTrue(trained > 0 && trained % 256 == 0, "whole batches: " + result);
            assertEquals(trained / result.get("train_seconds").asDouble(), result.get("train_samples_per_s").asDouble(), 1e-6);
            assertEquals(result.get("score_samples").asLong() / result.get("score_seconds").asDouble(),
                    result.get("score_samples_per_s").asDouble(), 1e-6);
            assertEquals(result.get("dense_gflops_inside_gemm").asDouble() / machine,
                    result.get("dense_fraction_of_machine_gemm").asDouble(), 1e-12, "one machine figure for all: " + result);
            assertEquals(machine, result.get("machine_gemm_gflops").asDouble());
        }
        // Dense work per sample, ×6 (2 FLOPs per multiply-add; forward, input and weight gradients): FM's two numeric
        // fields each get an 8-dim embedding and a linear weight by product, 2·9 = 18 multiply-adds; DeepFM adds its
        // tower over 9 fields × 8 dims, 72·400 + 400·400 + 400·400 + 400·1 = 349,200.
        assertEquals(18 * 6 / 1e6, json.get("results").get(0).get("dense_mflop_per_train_sample").asDouble(), 1e-12);
        assertEquals((18 + 349_200) * 6 / 1e6, json.get("results").get(1).get("dense_mflop_per_train_sample").asDouble(), 1e-9);
    }
}
