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

/**
 * Knowledge end to end on a tiny ML-100K-format dataset: metadata texts → MiniLM vectors → training with and
 * without them → the comparison as JSON, markdown and PNG.
 */
class ExperimentKarCommandTest {

    @Test
    void comparesBackbonesWithAndWithoutKnowledge(@TempDir Path dir) throws IOException {
        Path data = TinyMovieLens.write(dir.resolve("data"));
        Path samples = dir.resolve("samples");
        Path store = dir.resolve("knowledge.db");
        CliRun prepared = CliRun.of("data", "prepare", "--data", data.toString(), "--out", samples.toString());
        assertEquals(0, prepared.exitCode(), prepared.err());
        CliRun fallback = CliRun.of("knowledge", "fallback", "--store", store.toString(), "--data", data.toString());
        assertEquals(0, fallback.exitCode(), fallback.err());
        assertTrue(fallback.out().contains("added metadata texts for 30 of 30 items"), fallback.out());
        assertEquals(0, CliRun.of("knowledge", "encode", "--store", store.toString()).exitCode());

        Path report = dir.resolve("kar.json");
        CliRun run = CliRun.of("experiment", "kar", "--samples", samples.toString(), "--knowledge", store.toString(),
                "--knowledge-types", "item", "--models", "deepfm,din", "--seeds", "2", "--epochs", "3", "--batch", "128",
                "--lr", "0.01", "--report", report.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().matches("(?s).*item +30 +0 +30 +0 *\\R.*"), "30 items, all with metadata text: " + run.out());
        JsonNode json = AtomicFiles.JSON.readTree(report.toFile());
        assertEquals(2, json.get("runs").size());
        JsonNode deepfm = json.get("runs").get(0);
        assertEquals("deepfm", deepfm.get("model").asText());
        for (String side : new String[] {"without", "with"}) {
            assertEquals(2, deepfm.get(side).get("test_auc").size());
            assertEquals(2, deepfm.get(side).get("test_logloss").size());
            assertTrue(deepfm.get(side).has("test_auc_mean") && deepfm.get(side).has("test_auc_std"));
        }
        assertEquals(deepfm.get("with").get("test_auc_mean").asDouble() - deepfm.get("without").get("test_auc_mean").asDouble(),
                deepfm.get("gain_auc").asDouble(), 1e-12);
        assertTrue(Files.readString(dir.resolve("kar.md")).contains("| deepfm |"));
        assertTrue(Files.size(dir.resolve("kar.png")) > 1000);

        // An ablation sharing the journal trains only its knowledge arm: the baselines are the runs above.
        Path ablation = dir.resolve("kar-mlp.json");
        CliRun mlp = CliRun.of("experiment", "kar", "--samples", samples.toString(), "--knowledge", store.toString(),
                "--knowledge-types", "item", "--adaptor", "mlp", "--models", "deepfm,din", "--seeds", "2", "--epochs", "3",
                "--batch", "128", "--lr", "0.01", "--journal", dir.resolve("kar.runs.jsonl").toString(),
                "--report", ablation.toString());
        assertEquals(0, mlp.exitCode(), mlp.err());
        JsonNode mlpJson = AtomicFiles.JSON.readTree(ablation.toFile());
        for (int model = 0; model < 2; model++) {
            assertEquals(json.get("runs").get(model).get("without"), mlpJson.get("runs").get(model).get("without"));
            assertTrue(!json.get("runs").get(model).get("with").equals(mlpJson.get("runs").get(model).get("with")));
        }
        assertEquals(8 + 4, Files.readAllLines(dir.resolve("kar.runs.jsonl")).size(), "baselines were not trained again");
    }

    @Test
    void withoutAKnowledgeStoreItSaysWhatIsMissing(@TempDir Path dir) {
        CliRun run = CliRun.of("experiment", "kar", "--samples", dir.toString(), "--report", dir.resolve("r.json").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("give --knowledge STORE"), run.err());
    }
}
