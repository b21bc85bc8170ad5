package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.AtomicFiles;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.store.StoredClusters;

/** {@code knowledge cluster} on a tiny ML-100K-format dataset: both methods, versions in the store, errors by option. */
class KnowledgeClusterCommandTest {

    @Test
    void clustersUsersAndItemsByBothMethodsAndStoresEachRunAsAVersion(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir);
        Path store = dir.resolve("knowledge.db");
        CliRun users = CliRun.of("knowledge", "cluster", "--store", store.toString(), "--samples", samples.toString(),
                "--entities", "users", "--k", "3", "--batch", "0", "--report", dir.resolve("users.json").toString());
        assertEquals(0, users.exitCode(), users.err());
        assertTrue(users.out().contains("stored as version 1 of the user clusters"), users.out());
        JsonNode report = AtomicFiles.JSON.readTree(dir.resolve("users.json").toFile());
        int clustered = report.get("entities").asInt();
        assertTrue(clustered > 3, "users with a training interaction: " + clustered);

        Path din = dir.resolve("din");
        assertEquals(0, CliRun.of("train", "--samples", samples.toString(), "--model", "din", "--epochs", "1", "--save",
                din.toString()).exitCode());
        CliRun items = CliRun.of("knowledge", "cluster", "--store", store.toString(), "--samples", samples.toString(),
                "--entities", "items", "--k", "4", "--method", "cf", "--model", din.toString(), "--batch", "8");
        assertEquals(0, items.exitCode(), items.err());
        try (SqliteKnowledgeStore knowledge = SqliteKnowledgeStore.openExisting(store)) {
            StoredClusters itemClusters = knowledge.latestClusters(EntityType.ITEM).orElseThrow();
            assertEquals("cf", itemClusters.run().method());
            assertTrue(itemClusters.run().source().contains("@din-"), itemClusters.run().source());
            assertEquals(4, itemClusters.run().k());
            StoredClusters userClusters = knowledge.latestClusters(EntityType.USER).orElseThrow();
            assertEquals(clustered, userClusters.entityIds().length, "every clustered user is stored");
            assertTrue(java.util.Arrays.stream(userClusters.clusters()).allMatch(c -> c >= 0 && c < 3));
            assertEquals(1, userClusters.version());
        }
    }

    @Test
    void badRequestsNameTheOption(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir);
        String store = dir.resolve("k.db").toString();
        CliRun noModel = CliRun.of("knowledge", "cluster", "--store", store, "--samples", samples.toString(), "--entities",
                "users", "--k", "2", "--method", "cf");
        assertEquals(2, noModel.exitCode());
        assertTrue(noModel.err().contains("--model"), noModel.err());
        CliRun tooMany = CliRun.of("knowledge", "cluster", "--store", store, "--samples", samples.toString(), "--entities",
                "users", "--k", "100000");
        assertEquals(2, tooMany.exitCode());
        assertTrue(tooMany.err().contains("--k"), tooMany.err());
        CliRun dimForCf = CliRun.of("knowledge", "cluster", "--store", store, "--samples", samples.toString(), "--entities",
                "users", "--k", "2", "--method", "cf", "--model", dir.toString(), "--dim", "8");
        assertEquals(2, dimForCf.exitCode());
        assertTrue(dimForCf.err().contains("--dim"), dimForCf.err());
        CliRun what = CliRun.of("knowledge", "cluster", "--store", store, "--samples", samples.toString(), "--entities",
                "movies", "--k", "2");
        assertEquals(2, what.exitCode());
        assertTrue(what.err().contains("--entities"), what.err());
    }
}
