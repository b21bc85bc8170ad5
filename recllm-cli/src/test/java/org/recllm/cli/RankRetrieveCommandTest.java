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

/** {@code rank retrieve} on a tiny ML-100K-format dataset: MiniLM item vectors, PCA, positions per split. */
class RankRetrieveCommandTest {

    @Test
    void retrievesAndWritesPositionsForEverySplit(@TempDir Path dir) throws IOException {
        Path data = TinyMovieLens.write(dir.resolve("data"));
        Path samples = dir.resolve("samples");
        assertEquals(0, CliRun.of("data", "prepare", "--data", data.toString(), "--out", samples.toString()).exitCode());
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
    void badRequestsNameTheOption(@TempDir Path dir) throws IOException {
        Path data = TinyMovieLens.write(dir.resolve("data"));
        Path samples = dir.resolve("samples");
        assertEquals(0, CliRun.of("data", "prepare", "--data", data.toString(), "--history", "0", "--out",
                samples.toString()).exitCode());
        CliRun zero = CliRun.of("rank", "retrieve", "--samples", samples.toString(), "--k", "0", "--out", dir.resolve("o").toString());
        assertEquals(2, zero.exitCode());
        assertTrue(zero.err().contains("--k"), zero.err());
        CliRun noHistory = CliRun.of("rank", "retrieve", "--samples", samples.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, noHistory.exitCode(), noHistory.err());
        assertTrue(noHistory.err().contains("no behaviour sequence"), noHistory.err());
    }
}
