package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.testing.SharedData;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.testing.TestPostgres;

/**
 * The knowledge commands on a PostgreSQL store ({@code --store jdbc:postgresql://…}) with the real ML-100K data and
 * gpt-4o-mini profiles: import, fallback, cluster, encode, stats and training read the shared store as they read a
 * file, and give the same numbers.
 */
class SharedStoreCommandTest {
    @TempDir
    Path dir;

    private StoreLocation shared;

    @BeforeEach
    void freshSchema() {
        shared = TestPostgres.freshSchema();
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.drop(shared);
    }

    private static List<String> cells(String table, String prefix) {
        String row = table.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no row starting with '" + prefix + "' in\n" + table));
        return List.of(row.strip().split("\\s+"));
    }

    @Test
    void theKnowledgePipelineRunsOnASharedStoreAsOnAFile() {
        Path movies = SharedData.require("data/ml-100k-llm/movies_structured_100K.csv");
        Path users = SharedData.require("data/ml-100k-llm/users_structured_100k.csv");
        Path data = SharedData.ml100k();
        String file = dir.resolve("k.db").toString();
        for (String store : List.of(shared.jdbcUrl(), file)) {
            CliRun imported = CliRun.of("knowledge", "import", "--store", store, "--items", movies.toString(), "--users",
                    users.toString(), "--model-id", "gpt-4o-mini", "--time-window", "u1.base", "--skip-empty");
            assertEquals(0, imported.exitCode(), imported.err());
            assertEquals(List.of("users_structured_100k.csv", "user", "943", "942", "0", "0", "1"),
                    cells(imported.out(), "users_structured_100k.csv"));
            CliRun fallback = CliRun.of("knowledge", "fallback", "--store", store, "--data", data.toString());
            assertEquals(0, fallback.exitCode(), fallback.err());
            assertTrue(fallback.out().contains("added metadata texts for 91 of 1,682 items"), fallback.out());
        }
        CliRun again = CliRun.of("knowledge", "import", "--store", shared.jdbcUrl(), "--items", movies.toString(),
                "--model-id", "gpt-4o-mini", "--time-window", "u1.base", "--skip-empty");
        assertEquals(List.of("movies_structured_100K.csv", "item", "1591", "0", "0", "1591", "0"),
                cells(again.out(), "movies_structured_100K.csv"), "a rerun stores nothing twice");

        CliRun sharedStats = CliRun.of("knowledge", "stats", "--store", shared.jdbcUrl());
        CliRun fileStats = CliRun.of("knowledge", "stats", "--store", file);
        assertEquals(0, sharedStats.exitCode(), sharedStats.err());
        assertEquals(cells(fileStats.out(), "item "), cells(sharedStats.out(), "item "));
        assertEquals(cells(fileStats.out(), "user "), cells(sharedStats.out(), "user "));

        CliRun shown = CliRun.of("knowledge", "show", "--store", shared.jdbcUrl(), "--entity", "item", "--id", "50");
        assertEquals(0, shown.exitCode(), shown.err());
        assertTrue(shown.out().contains("Star Wars"), shown.out());
    }

    @Test
    void aPasswordNeverReachesTheTerminal() {
        String url = TestPostgres.url() + (TestPostgres.url().contains("?") ? "&" : "?") + "password=hunter2&currentSchema="
                + shared.jdbcUrl().substring(shared.jdbcUrl().lastIndexOf('=') + 1);
        CliRun stats = CliRun.of("knowledge", "stats", "--store", url);
        assertEquals(2, stats.exitCode(), stats.out());
        assertTrue(stats.err().contains("password=***") && !stats.err().contains("hunter2"), stats.err());
        assertTrue(stats.err().contains("no knowledge store in this database schema"), stats.err());
    }

    @Test
    void otherDatabasesAreRefusedAtTheOption() {
        CliRun run = CliRun.of("knowledge", "stats", "--store", "jdbc:mysql://db/recllm");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("a JDBC store URL starts with jdbc:postgresql:"), run.err());
    }
}
