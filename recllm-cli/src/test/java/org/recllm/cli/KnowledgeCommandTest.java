package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.testing.SharedData;
import org.recllm.knowledge.store.SqliteKnowledgeStore;

/** {@code recllm knowledge import|encode|show|stats} and {@code recllm bench encoder}, and their errors. */
class KnowledgeCommandTest {
    private static final String MOVIES = """
            movie_id,title,movie_info
            1,Toy Story (1995),"# Toy Story
            Toys come to life, ""infinity and beyond""."
            2,GoldenEye (1995),"# GoldenEye
            A spy film."
            """;

    private static final String USERS = """
            user_id,user_profile
            1,"## Overview
            Enjoys heartfelt comedies."
            2,Prefers thrillers.
            """;

    @TempDir
    Path temp;

    /** The whitespace-separated cells of the table row starting with {@code prefix}. */
    private static List<String> cells(String table, String prefix) {
        String row = table.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no row starting with '" + prefix + "' in\n" + table));
        return List.of(row.strip().split("\\s+"));
    }

    private Path store() {
        return temp.resolve("knowledge.db");
    }

    private CliRun importFixtures() throws IOException {
        Path movies = Files.writeString(temp.resolve("movies.csv"), MOVIES);
        Path users = Files.writeString(temp.resolve("users.csv"), USERS);
        return CliRun.of("knowledge", "import", "--store", store().toString(), "--items", movies.toString(),
                "--users", users.toString(), "--model-id", "gpt-4o-mini");
    }

    @Test
    void importEncodeShowAndStats() throws IOException {
        CliRun imported = importFixtures();
        assertEquals(0, imported.exitCode(), imported.err());
        assertEquals(List.of("movies.csv", "item", "2", "2", "0", "0", "0"), cells(imported.out(), "movies.csv"));
        assertTrue(imported.out().contains("(4 entries)"), imported.out());

        CliRun again = importFixtures();
        assertEquals(List.of("movies.csv", "item", "2", "0", "0", "2", "0"), cells(again.out(), "movies.csv"));

        CliRun encoded = CliRun.of("knowledge", "encode", "--store", store().toString(), "--batch", "3");
        assertEquals(0, encoded.exitCode(), encoded.err());
        assertTrue(encoded.out().startsWith("all-MiniLM-L6-v2 (384 dimensions): 4 of 4 entries to encode"), encoded.out());
        assertTrue(encoded.out().contains("encoded 4 entries"), encoded.out());

        CliRun rerun = CliRun.of("knowledge", "encode", "--store", store().toString());
        assertTrue(rerun.out().startsWith("all-MiniLM-L6-v2 (384 dimensions): 0 of 4 entries to encode"), rerun.out());

        CliRun stats = CliRun.of("knowledge", "stats", "--store", store().toString());
        assertEquals(0, stats.exitCode(), stats.err());
        assertEquals(List.of("item", "movies", "gpt-4o-mini", "2", "0", "0"), cells(stats.out(), "item "));
        assertEquals(List.of("all-MiniLM-L6-v2", "384", "4", "100.0%"), cells(stats.out(), "all-MiniLM-L6-v2"));

        CliRun shown = CliRun.of("knowledge", "show", "--store", store().toString(), "--entity", "item", "--id", "1");
        assertEquals(0, shown.exitCode(), shown.err());
        assertTrue(shown.out().contains("prompt: imported text"), shown.out());
        assertTrue(shown.out().contains("vectors: all-MiniLM-L6-v2"), shown.out());
        assertTrue(shown.out().contains("# Toy Story\nToys come to life, \"infinity and beyond\"."), shown.out());
    }

    @Test
    void benchEncoderComparesWithOnnxRuntimeDirect() throws IOException {
        importFixtures();
        Path json = temp.resolve("bench.json");
        CliRun run = CliRun.of("bench", "encoder", "--store", store().toString(), "--texts", "4", "--batch", "2", "--rounds", "1",
                "--out", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("4", cells(run.out(), "ONNX Runtime direct:").get(10), run.out());
        assertTrue(run.out().contains("langchain4j AllMiniLmL6V2EmbeddingModel.embedAll"), run.out());
        String report = Files.readString(json);
        assertTrue(report.contains("\"encoder\" : \"all-MiniLM-L6-v2\"") && report.contains("\"textsPerSecond\""), report);
    }

    @Test
    void benchEncoderTimesAnLlmHiddenStateEncoderOnItsOwn() throws IOException {
        importFixtures();
        Path model = SharedData.require("models/stories260K.gguf");
        CliRun run = CliRun.of("bench", "encoder", "--store", store().toString(), "--encoder", model + "#layer=3",
                "--texts", "4", "--batch", "2", "--rounds", "1");
        assertEquals(0, run.exitCode(), run.err());
        List<String> row = cells(run.out(), "recllm encoder gguf:stories260K.gguf:");
        assertTrue(row.get(2).endsWith(":layer3:mean"), run.out());
        assertEquals("4", row.get(3), run.out());
        assertEquals("–", row.getLast(), "no ONNX Runtime baseline to compare with: " + run.out());
        assertTrue(run.out().lines().noneMatch(line -> line.startsWith("ONNX Runtime")), run.out());
    }

    @Test
    void aMissingColumnIsOneLineNamingItAndTheHeader() throws IOException {
        Path movies = Files.writeString(temp.resolve("movies.csv"), MOVIES);
        CliRun run = CliRun.of("knowledge", "import", "--store", store().toString(), "--items", movies.toString(),
                "--text-column", "summary");
        assertEquals(2, run.exitCode());
        assertEquals("error: " + movies + ":1: field 'summary': missing column; the header has [movie_id, title, movie_info]",
                run.err().strip());
    }

    @Test
    void aBadRowLeavesTheStoreAsItWas() throws IOException {
        importFixtures();
        Path users = Files.writeString(temp.resolve("more-users.csv"), USERS.replace("2,Prefers", "two,Prefers"));
        CliRun run = CliRun.of("knowledge", "import", "--store", store().toString(), "--users", users.toString(),
                "--model-id", "other");
        assertEquals(2, run.exitCode());
        assertEquals("error: " + users + ":4: field 'user_id': expected an integer, got 'two'", run.err().strip());
        assertTrue(CliRun.of("knowledge", "stats", "--store", store().toString()).out().contains(": 4 entries"));
    }

    @Test
    void showAndStatsNeedAnExistingStoreAndEntity() throws IOException {
        CliRun missing = CliRun.of("knowledge", "stats", "--store", store().toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no knowledge store here"), missing.err());
        assertTrue(Files.notExists(store()), "stats must not create a store");

        importFixtures();
        CliRun unknown = CliRun.of("knowledge", "show", "--store", store().toString(), "--entity", "user", "--id", "99");
        assertEquals(2, unknown.exitCode());
        assertEquals("error: " + store() + ": no knowledge about user 99", unknown.err().strip());
        CliRun badType = CliRun.of("knowledge", "show", "--store", store().toString(), "--entity", "movie", "--id", "1");
        assertEquals("error: --entity: expected one of item, user, item-cluster, user-cluster, got 'movie'", badType.err().strip());
    }

    @Test
    void aStoreFromANewerRecllmIsRefused() throws IOException, SQLException {
        importFixtures();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + store());
             var statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE schema_version SET version = 9");
        }
        CliRun run = CliRun.of("knowledge", "encode", "--store", store().toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().strip().endsWith("the store has schema version 9, newer than the version "
                + SqliteKnowledgeStore.SCHEMA_VERSION + " this RecLLM reads; open it with a newer RecLLM"), run.err());
    }

    @Test
    void importsTheRealMl100kKnowledge() {
        Path movies = SharedData.require("data/ml-100k-llm/movies_structured_100K.csv");
        Path users = SharedData.require("data/ml-100k-llm/users_structured_100k.csv");
        CliRun run = CliRun.of("knowledge", "import", "--store", store().toString(), "--items", movies.toString(),
                "--users", users.toString(), "--model-id", "gpt-4o-mini", "--time-window", "u1.base", "--skip-empty");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("movies_structured_100K.csv", "item", "1591", "1591", "0", "0", "0"),
                cells(run.out(), "movies_structured_100K.csv"));
        assertEquals(List.of("users_structured_100k.csv", "user", "943", "942", "0", "0", "1"),
                cells(run.out(), "users_structured_100k.csv"));

        CliRun strict = CliRun.of("knowledge", "import", "--store", temp.resolve("strict.db").toString(), "--users", users.toString());
        assertEquals(2, strict.exitCode());
        assertTrue(strict.err().contains("users_structured_100k.csv:12784: field 'user_profile': empty text for id 685"), strict.err());
    }
}
