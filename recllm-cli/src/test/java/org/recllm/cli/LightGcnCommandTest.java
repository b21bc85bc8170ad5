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
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.store.StoredClusters;

/** LightGCN from the command line: clustering users on its embeddings, and its benchmark on a pair file a peer reads. */
class LightGcnCommandTest {

    @Test
    void clustersOnLightGcnEmbeddingsAndBenchmarksAPairFile(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir.resolve("samples"));
        String store = dir.resolve("k.db").toString();
        CliRun clustered = CliRun.of("knowledge", "cluster", "--store", store, "--samples", samples.toString(),
                "--entities", "users", "--k", "3", "--method", "lightgcn", "--epochs", "3", "--dim", "8", "--batch", "0");
        assertEquals(0, clustered.exitCode(), clustered.err());
        assertTrue(clustered.out().matches("(?s).*\\s60\\s+lightgcn\\s+8\\s+3\\s.*"), clustered.out());
        try (SqliteKnowledgeStore knowledge = SqliteKnowledgeStore.openExisting(Path.of(store))) {
            StoredClusters latest = knowledge.latestClusters(EntityType.USER).orElseThrow();
            assertEquals("lightgcn", latest.run().method());
            assertEquals(60, latest.entityIds().length);
        }

        Path pairs = dir.resolve("pairs.i32");
        CliRun written = CliRun.of("bench", "lightgcn", "--users", "300", "--items", "40", "--per-user", "5",
                "--write-edges", pairs.toString());
        assertEquals(0, written.exitCode(), written.err());
        assertEquals(300 * 5 * 8, Files.size(pairs), "int32 (user, item) pairs");
        Path report = dir.resolve("bench.json");
        CliRun bench = CliRun.of("bench", "lightgcn", "--users", "300", "--items", "40", "--edges", pairs.toString(),
                "--dim", "8", "--batch", "64", "--steps", "2", "--out", report.toString());
        assertEquals(0, bench.exitCode(), bench.err());
        JsonNode json = AtomicFiles.JSON.readTree(report.toFile());
        assertTrue(json.get("edges").asInt() > 300 && json.get("edges").asInt() <= 1500, json.toString());
        assertTrue(json.get("triples_per_s").asDouble() > 0 && json.get("loss").asDouble() > 0.5, json.toString());

        Files.write(dir.resolve("broken.i32"), new byte[7]);
        CliRun broken = CliRun.of("bench", "lightgcn", "--users", "300", "--items", "40", "--edges",
                dir.resolve("broken.i32").toString());
        assertEquals(2, broken.exitCode());
        assertTrue(broken.err().contains("broken.i32") && broken.err().contains("8 bytes each"), broken.err());
        CliRun outside = CliRun.of("bench", "lightgcn", "--users", "10", "--items", "40", "--edges", pairs.toString());
        assertEquals(2, outside.exitCode());
        assertTrue(outside.err().contains("outside 10 users") && outside.err().contains("--users/--items"), outside.err());
    }
}
