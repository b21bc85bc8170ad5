package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.testing.SharedData;

/**
 * {@code rank retrieve} and {@code rank zero-shot} on a tiny ML-100K-format dataset: MiniLM item vectors, PCA, positions
 * per split; Yes/No scoring with a real GGUF model (stories260K) over the latest and the retrieved history.
 */
class RankCommandTest {

    @Test
    void retrievesAndWritesPositionsForEverySplit(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir);
        Path out = dir.resolve("retrieved");
        CliRun run = CliRun.of("rank", "retrieve", "--samples", samples.toString(), "--dim", "8", "--k", "3", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("all-MiniLM-L6-v2 (384 dims) → PCA 8 dims"), run.out());
        JsonNode manifest = AtomicFiles.JSON.readTree(out.resolve("retrieval.json").toFile());
        assertEquals(3, manifest.get("k").asInt());
        assertEquals("history", manifest.get("group").asText());
        for (String split : new String[] {"train", "valid", "test"}) {
            assertEquals(manifest.get("rows").get(split).asLong() * 3 * 4, Files.size(out.resolve(split + ".positions")), split);
        }
    }

    @Test
    void zeroShotScoresTheLatestOrTheRetrievedHistory(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir);
        Path retrieved = dir.resolve("retrieved");
        assertEquals(0, CliRun.of("rank", "retrieve", "--samples", samples.toString(), "--dim", "8", "--k", "4", "--out",
                retrieved.toString()).exitCode());
        String model = SharedData.require("models/stories260K.gguf").toString();
        for (String history : new String[] {"latest", "retrieved"}) {
            Path report = dir.resolve(history + ".json");
            CliRun run = CliRun.of("rank", "zero-shot", "--model", model, "--samples", samples.toString(), "--history", history,
                    "--retrieved", retrieved.toString(), "--k", "3", "--limit", "40", "--report", report.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("Will the user like it? Answer Yes or No."), run.out());
            JsonNode json = AtomicFiles.JSON.readTree(report.toFile());
            assertEquals(40, json.get("result").get("rows").asInt());
            double auc = json.get("test_auc").asDouble();
            assertTrue(auc >= 0 && auc <= 1 && json.get("test_logloss").asDouble() > 0, json.toString());
        }
        // A stopped evaluation resumes from its score log: here a complete one of constant scores, so nothing is
        // scored again and the figures are those of the log.
        JsonNode latest = AtomicFiles.JSON.readTree(dir.resolve("latest.json").toFile());
        Path work = dir.resolve(".again.json.work");
        Files.createDirectories(work);
        Files.writeString(work.resolve("key.txt"), latest.get("run_key").asText());
        java.nio.ByteBuffer halves = java.nio.ByteBuffer.allocate(40 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 40; i++) {
            halves.putFloat(0.5f);
        }
        Files.write(work.resolve("scores.f32"), halves.array());
        CliRun again = CliRun.of("rank", "zero-shot", "--model", model, "--samples", samples.toString(), "--history", "latest",
                "--retrieved", retrieved.toString(), "--k", "3", "--limit", "40", "--report", dir.resolve("again.json").toString());
        assertEquals(0, again.exitCode(), again.err());
        JsonNode resumed = AtomicFiles.JSON.readTree(dir.resolve("again.json").toFile());
        assertEquals(0.5, resumed.get("test_auc").asDouble(), 1e-12);
        assertEquals(Math.log(2), resumed.get("test_logloss").asDouble(), 1e-6);
        assertTrue(Files.notExists(work), "the finished evaluation's work folder is removed");
        assertTrue(Files.readString(dir.resolve("again.md")).contains("| 0.5000 |"));
        CliRun tooMany = CliRun.of("rank", "zero-shot", "--model", model, "--samples", samples.toString(), "--history",
                "retrieved", "--retrieved", retrieved.toString(), "--k", "5", "--report", dir.resolve("x.json").toString());
        assertEquals(2, tooMany.exitCode());
        assertTrue(tooMany.err().contains("--k") && tooMany.err().contains("kept 4"), tooMany.err());
        CliRun missing = CliRun.of("rank", "zero-shot", "--model", model, "--samples", samples.toString(), "--history",
                "retrieved", "--report", dir.resolve("y.json").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("--retrieved"), missing.err());
    }

    @Test
    void finetuneKeepsTheBestEpochsAdapterWhichZeroShotLoads(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir);
        Path retrieved = dir.resolve("retrieved");
        assertEquals(0, CliRun.of("rank", "retrieve", "--samples", samples.toString(), "--dim", "8", "--k", "3", "--out",
                retrieved.toString()).exitCode());
        String model = SharedData.require("models/stories260K.gguf").toString();
        Path adapter = dir.resolve("ranker.gguf");
        CliRun tune = CliRun.of("rank", "finetune", "--model", model, "--samples", samples.toString(), "--retrieved",
                retrieved.toString(), "--k", "3", "--budget", "12", "--valid", "16", "--epochs", "2", "--patience", "2",
                "--rank", "4", "--batch", "4", "--learning-rate", "1e-3", "--out", adapter.toString(), "--report",
                dir.resolve("tune.json").toString());
        assertEquals(0, tune.exitCode(), tune.err());
        JsonNode result = AtomicFiles.JSON.readTree(dir.resolve("tune.json").toFile()).get("result");
        assertEquals(3, result.get("epochs").size(), "the base model, then two epochs: " + result);
        assertEquals(24, result.get("train_sequences").asInt(), "each sample twice: latest and retrieved history");
        assertEquals(6, result.get("epochs").get(1).get("steps").asInt(), "24 prompts, 4 per step");
        assertTrue(Files.size(adapter) > 1000);
        assertTrue(Files.notExists(dir.resolve(".ranker.gguf.work")), "the work folder is removed after the run");
        assertTrue(Files.readString(dir.resolve("tune.md")).contains("| epoch |"));
        assertTrue(Files.size(dir.resolve("tune.png")) > 1000);
        CliRun evaluate = CliRun.of("rank", "evaluate", "--model", model, "--lora", adapter.toString(), "--samples",
                samples.toString(), "--k", "3", "--limit", "8", "--report", dir.resolve("eval.json").toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertEquals(adapter.toString(), AtomicFiles.JSON.readTree(dir.resolve("eval.json").toFile()).get("lora").asText());
    }

    @Test
    void recLoraTrainsABankRoutedByDinAndEvaluatesItWithTheRecordedRouter(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir);
        Path retrieved = dir.resolve("retrieved");
        assertEquals(0, CliRun.of("rank", "retrieve", "--samples", samples.toString(), "--dim", "8", "--k", "3", "--out",
                retrieved.toString()).exitCode());
        Path din = dir.resolve("din");
        CliRun train = CliRun.of("train", "--samples", samples.toString(), "--model", "din", "--epochs", "1", "--save", din.toString());
        assertEquals(0, train.exitCode(), train.err());
        String model = SharedData.require("models/stories260K.gguf").toString();
        Path bank = dir.resolve("bank.gguf");
        CliRun tune = CliRun.of("rank", "finetune", "--model", model, "--samples", samples.toString(), "--retrieved",
                retrieved.toString(), "--k", "3", "--budget", "12", "--valid", "16", "--epochs", "1", "--rank", "2",
                "--batch", "4", "--learning-rate", "1e-3", "--reclora-experts", "3", "--router-model", din.toString(),
                "--out", bank.toString(), "--report", dir.resolve("tune.json").toString());
        assertEquals(0, tune.exitCode(), tune.err());
        assertTrue(tune.out().contains("tuning reclora 3 × lora r2 q,v"), tune.out());
        JsonNode report = AtomicFiles.JSON.readTree(dir.resolve("tune.json").toFile());
        assertEquals(3, report.get("reclora_experts").asInt());
        // stories260K: 5 layers of q (64 → 64) and v (64 → 32); 3 experts of rank 2 on each, then the router: 3 weights
        // per input of DIN's interest vector and 3 biases.
        long experts = 3 * 5 * 2 * ((64 + 64) + (64 + 32));
        long router = report.get("result").get("adapter_parameters").asLong() - experts;
        assertTrue(router > 3 && (router - 3) % 3 == 0, "router parameters: " + router);
        CliRun evaluate = CliRun.of("rank", "evaluate", "--model", model, "--reclora", bank.toString(), "--samples",
                samples.toString(), "--k", "3", "--limit", "8", "--report", dir.resolve("eval.json").toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        JsonNode evaluated = AtomicFiles.JSON.readTree(dir.resolve("eval.json").toFile());
        assertEquals(bank.toString(), evaluated.get("reclora").asText());
        assertEquals(8, evaluated.get("result").get("rows").asInt());

        CliRun bankAsLora = CliRun.of("rank", "evaluate", "--model", model, "--lora", bank.toString(), "--samples",
                samples.toString(), "--limit", "4", "--report", dir.resolve("v.json").toString());
        assertEquals(2, bankAsLora.exitCode(), bankAsLora.err());
        assertTrue(bankAsLora.err().contains("bank.gguf") && bankAsLora.err().contains("--reclora"), bankAsLora.err());
        CliRun both = CliRun.of("rank", "evaluate", "--model", model, "--reclora", bank.toString(), "--lora", bank.toString(),
                "--samples", samples.toString(), "--report", dir.resolve("x.json").toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("--reclora"), both.err());
        CliRun noRouter = CliRun.of("rank", "finetune", "--model", model, "--samples", samples.toString(), "--retrieved",
                retrieved.toString(), "--budget", "4", "--reclora-experts", "2", "--out", dir.resolve("b.gguf").toString(),
                "--report", dir.resolve("y.json").toString());
        assertEquals(2, noRouter.exitCode());
        assertTrue(noRouter.err().contains("--router-model"), noRouter.err());
        Path deepFm = dir.resolve("deepfm");
        assertEquals(0, CliRun.of("train", "--samples", samples.toString(), "--model", "deepfm", "--epochs", "1", "--save",
                deepFm.toString()).exitCode());
        CliRun noRepresentation = CliRun.of("rank", "finetune", "--model", model, "--samples", samples.toString(), "--retrieved",
                retrieved.toString(), "--budget", "4", "--reclora-experts", "2", "--router-model", deepFm.toString(),
                "--out", dir.resolve("c.gguf").toString(), "--report", dir.resolve("z.json").toString());
        assertEquals(2, noRepresentation.exitCode());
        assertTrue(noRepresentation.err().contains("--router-model") && noRepresentation.err().contains("DIN"),
                noRepresentation.err());
        Path otherSamples = TinyMovieLens.prepared(dir.resolve("other"), "--history", "3");
        CliRun otherRows = CliRun.of("rank", "evaluate", "--model", model, "--reclora", bank.toString(), "--samples",
                otherSamples.toString(), "--limit", "4", "--report", dir.resolve("w.json").toString());
        assertEquals(2, otherRows.exitCode());
        assertTrue(otherRows.err().contains("--router-model") && otherRows.err().contains("trained on samples"), otherRows.err());
    }

    @Test
    void badRequestsNameTheOption(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir, "--history", "0");
        CliRun zero = CliRun.of("rank", "retrieve", "--samples", samples.toString(), "--k", "0", "--out", dir.resolve("o").toString());
        assertEquals(2, zero.exitCode());
        assertTrue(zero.err().contains("--k"), zero.err());
        CliRun noHistory = CliRun.of("rank", "retrieve", "--samples", samples.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, noHistory.exitCode(), noHistory.err());
        assertTrue(noHistory.err().contains("no behaviour sequence"), noHistory.err());
    }

    /** Semantic IDs as the items' names in prompts: the newest item codes of a knowledge store, alone or after titles. */
    @Test
    void promptsNameItemsBySemanticId(@TempDir Path dir) throws IOException {
        Path data = TinyMovieLens.write(dir.resolve("data"));
        Path samples = TinyMovieLens.prepared(dir.resolve("samples"));
        String store = dir.resolve("k.db").toString();
        assertEquals(0, CliRun.of("knowledge", "fallback", "--store", store, "--data", data.toString()).exitCode());
        assertEquals(0, CliRun.of("knowledge", "encode", "--store", store).exitCode());
        assertEquals(0, CliRun.of("knowledge", "codes", "--store", store, "--entities", "items", "--levels", "2", "--k", "3")
                .exitCode());
        String model = SharedData.require("models/stories260K.gguf").toString();
        CliRun ids = CliRun.of("rank", "zero-shot", "--model", model, "--samples", samples.toString(), "--k", "3",
                "--limit", "8", "--item-names", "semantic-id", "--codes", store, "--report", dir.resolve("ids.json").toString());
        assertEquals(0, ids.exitCode(), ids.err());
        assertTrue(ids.out().matches("(?s).*example prompt: A user.* rated these movies, oldest first: item \\d+-\\d+-\\d+ "
                + "\\((liked|disliked)\\).* Candidate: item \\d+-\\d+-\\d+\\. Will.*"), ids.out());
        assertTrue(!ids.out().contains("Movie "), "no titles: " + ids.out());
        CliRun both = CliRun.of("rank", "zero-shot", "--model", model, "--samples", samples.toString(), "--k", "3",
                "--limit", "8", "--item-names", "both", "--codes", store, "--report", dir.resolve("both.json").toString());
        assertEquals(0, both.exitCode(), both.err());
        assertTrue(both.out().matches("(?s).*Candidate: Movie \\d+ \\(\\d{4}\\) \\[\\d+-\\d+-\\d+\\]\\. Will.*"), both.out());
        CliRun noCodes = CliRun.of("rank", "zero-shot", "--model", model, "--samples", samples.toString(),
                "--item-names", "semantic-id", "--report", dir.resolve("x.json").toString());
        assertEquals(2, noCodes.exitCode());
        assertTrue(noCodes.err().contains("--codes"), noCodes.err());
    }
}
