package org.recllm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.testing.SharedData;
import org.recllm.data.dataset.Datasets;
import org.recllm.data.dataset.InteractionLogWriter;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.store.StoredClusters;
import picocli.CommandLine;

/** {@code recllm spark prepare} from the command line on ML-100K, and its one-line errors. */
class SparkCommandsTest {
    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = SparkMain.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void preparesMl100kU1AsDataPrepareDoes(@TempDir Path dir) {
        Path out = dir.resolve("u1");
        Run run = run("prepare", "--master", "local[2]", "--dataset", "ml-100k", "--data", SharedData.ml100k().toString(),
                "--protocol", "ml100k-u1", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("sample store " + out + " (ml-100k, protocol ml100k-u1, master local[2]): "
                + "100,000 rows in "), run.out());
        try (SampleStore store = SampleStore.openVerified(out)) {
            assertEquals(73_240, store.split(Split.TRAIN).rows());
        }
    }

    @Test
    void preparesAnInteractionLog(@TempDir Path dir) {
        Path log = dir.resolve("log");
        InteractionLogWriter.write(Datasets.read("ml-100k", SharedData.ml100k()), log);
        Path out = dir.resolve("time");
        Run run = run("prepare", "--master", "local[2]", "--dataset", "log", "--data", log.toString(), "--protocol",
                "time", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("sample store " + out + " (log, protocol time, master local[2]): 100,000 rows in "),
                run.out());
        Path parquet = dir.resolve("parquet");
        Run convert = run("convert", "--master", "local[2]", "--dataset", "log", "--data", log.toString(), "--out",
                parquet.toString());
        assertEquals(0, convert.exitCode(), convert.err());
        assertTrue(convert.out().startsWith("wrote 100,000 interactions as Parquet to " + parquet), convert.out());
        assertTrue(Files.isDirectory(parquet.resolve("interactions.parquet")) && Files.isDirectory(parquet.resolve("items.parquet")));
        Path fromParquet = dir.resolve("time-parquet");
        assertEquals(0, run("prepare", "--master", "local[2]", "--dataset", "log", "--data", parquet.toString(),
                "--protocol", "time", "--out", fromParquet.toString()).exitCode());
        try (SampleStore csv = SampleStore.openVerified(out); SampleStore typed = SampleStore.openVerified(fromParquet)) {
            assertEquals(csv.contentId(), typed.contentId(), "the converted log prepares into the same samples");
        }
        Run again = run("convert", "--dataset", "log", "--data", log.toString(), "--out", parquet.toString());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already holds interactions.parquet"), again.err());

        Run u1 = run("prepare", "--master", "local[1]", "--dataset", "log", "--data", log.toString(), "--out",
                dir.resolve("u1").toString());
        assertEquals(2, u1.exitCode());
        assertEquals("error: " + log.resolve("u1.base") + ": protocol ml100k-u1 needs ML-100K's official split "
                + "u1.base/u1.test; use the time protocol for log", u1.err().strip());
    }

    @Test
    void clustersUsersIntoTheKnowledgeStore(@TempDir Path dir) {
        Path samples = dir.resolve("u1");
        assertEquals(0, run("prepare", "--master", "local[2]", "--data", SharedData.ml100k().toString(), "--out",
                samples.toString()).exitCode());
        Path knowledge = dir.resolve("knowledge.db");
        Run run = run("cluster", "--master", "local[2]", "--store", knowledge.toString(), "--samples", samples.toString(),
                "--entities", "users", "--k", "12", "--report", dir.resolve("r.json").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("stored as version 1 of the user clusters in " + knowledge), run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.strip().startsWith("943") && line.contains("cooccurrence")),
                run.out());
        try (KnowledgeStore store = StoreLocation.of(knowledge).openExisting()) {
            StoredClusters stored = store.latestClusters(EntityType.USER).orElseThrow();
            assertEquals(943, stored.entityIds().length);
            assertEquals(12, stored.run().k());
        }
        Run tooMany = run("cluster", "--master", "local[1]", "--store", knowledge.toString(), "--samples",
                samples.toString(), "--entities", "items", "--k", "5000");
        assertEquals(2, tooMany.exitCode());
        assertEquals("error: --k: only 1643 items have training interactions; k must not exceed that", tooMany.err().strip());
    }

    @Test
    void badOptionsAreOneLineErrors(@TempDir Path dir) {
        Run protocol = run("prepare", "--master", "local[1]", "--data", SharedData.ml100k().toString(), "--protocol",
                "random", "--out", dir.resolve("x").toString());
        assertEquals(2, protocol.exitCode());
        assertEquals("error: --protocol: expected one of [ml100k-u1, time], got 'random'", protocol.err().strip());
        Run format = run("prepare", "--dataset", "ml-1m", "--data", dir.toString(), "--out", dir.resolve("y").toString());
        assertEquals(2, format.exitCode());
        assertEquals("error: --dataset: spark prepare reads ml-100k (folders in its format, of any size) or log (CSV or "
                + "Parquet interaction logs), got 'ml-1m'", format.err().strip());
    }
}
