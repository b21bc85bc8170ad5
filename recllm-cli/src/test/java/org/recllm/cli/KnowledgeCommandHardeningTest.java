package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault run's knowledge commands: suspicious ids are warned of, and a failed command leaves no empty store. */
class KnowledgeCommandHardeningTest {
    @TempDir
    Path temp;
    private Path data;
    private Path store;

    @BeforeEach
    void writeData() throws IOException {
        data = TinyMovieLens.write(temp.resolve("ml-100k"));
        store = temp.resolve("k.db");
    }

    /** Nothing of the store: neither the database nor SQLite's side files. */
    private void assertNoStore() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("k.db")).toList());
        }
    }

    private CliRun importItems(Path csv, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("knowledge", "import", "--store", store.toString(),
                "--items", csv.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private CliRun generate(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("knowledge", "generate", "--store", store.toString(),
                "--data", data.toString(), "--backend", "openai", "--model", "fake", "--limit", "1"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void idsZeroAndNegativeAndUnknownAreCountedInWarnings() throws IOException {
        Path csv = Files.writeString(temp.resolve("items.csv"),
                "movie_id,movie_info\n1,One.\n0,Zero.\n-5,Negative.\n999,Unknown.\n998,Unknown too.\n");
        CliRun run = importItems(csv, "--data", data.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("warning: " + csv + ": 2 rows have an id of 0 or less, which names no item"), run.err());
        assertTrue(run.err().contains("warning: " + csv + ": 2 rows have ids that are not items of " + data), run.err());
        CliRun withoutDataset = importItems(csv);
        assertEquals(0, withoutDataset.exitCode(), withoutDataset.err());
        assertFalse(withoutDataset.err().contains("not items of"), "unknown ids need a dataset to be known");
    }

    @Test
    void aFailedFirstImportLeavesNoStoreButAFailedLaterOneKeepsIt() throws IOException {
        Path bad = Files.writeString(temp.resolve("bad.csv"), "movie_id,movie_info\n1,One.\nx,Broken.\n");
        CliRun failed = importItems(bad);
        assertEquals(2, failed.exitCode());
        assertNoStore();
        Path good = Files.writeString(temp.resolve("good.csv"), "movie_id,movie_info\n1,One.\n");
        assertEquals(0, importItems(good).exitCode());
        assertEquals(2, importItems(bad).exitCode());
        assertTrue(Files.isRegularFile(store), "a store that existed is kept");
    }

    @Test
    void generateWithOptionsTheBackendRefusesCreatesNoStore() throws IOException {
        CliRun noConcurrency = generate("--base-url", "http://127.0.0.1:9/v1", "--concurrency", "0");
        assertEquals(2, noConcurrency.exitCode());
        assertTrue(noConcurrency.err().contains("--concurrency: expected at least 1, got 0"), noConcurrency.err());
        CliRun noUrl = generate();
        assertEquals(2, noUrl.exitCode());
        assertTrue(noUrl.err().contains("--base-url: required with --backend openai"), noUrl.err());
        assertNoStore();
    }

    @Test
    void generateAgainstAServerThatIsNotThereRemovesTheEmptyStoreItCreated() throws IOException {
        CliRun run = generate("--base-url", "http://127.0.0.1:9/v1", "--retries", "0", "--timeout", "2");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().startsWith("error: "), run.err());
        assertNoStore();
    }
}
