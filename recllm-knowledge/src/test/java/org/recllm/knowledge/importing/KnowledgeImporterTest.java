package org.recllm.knowledge.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;
import org.recllm.knowledge.store.KnowledgeEntry;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.knowledge.store.StoredEntry;

/** Importing texts from CSV: quoted multi-line fields, idempotence, updates, and errors that name file, line and field. */
class KnowledgeImporterTest {
    private static final Provenance IMPORTED = new Provenance("imported", "movies", "all");

    /** Two movies whose texts span lines and hold commas and doubled quotes, as the LLM-written CSVs do. */
    private static final String MOVIES = """
            movie_id,title,movie_info
            1,Toy Story (1995),"# Toy Story

            ## Attributes
            - **Genre**: Animation, Children
            ""Toy Story"" is a groundbreaking film."
            2,GoldenEye (1995),"# GoldenEye
            A spy film, with gadgets."
            """;

    private static final String USERS = """
            user_id,user_profile
            1,"## Overview
            Enjoys heartfelt comedies."
            2,Prefers thrillers.
            """;

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private TextSource movies(Path file) {
        return new TextSource(EntityType.ITEM, file, "movie_id", "movie_info");
    }

    private TextSource users(Path file) {
        return new TextSource(EntityType.USER, file, "user_id", "user_profile");
    }

    @Test
    void importsMultiLineTextsWithTheirSource() throws IOException {
        Path csv = write("movies.csv", MOVIES);
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            List<ImportReport> reports = KnowledgeImporter.importAll(List.of(movies(csv), users(write("users.csv", USERS))),
                    IMPORTED, false, store);
            assertEquals(List.of(new ImportReport(movies(csv), 2, 2, 0, 0, 0, 0, 0),
                    new ImportReport(users(dir.resolve("users.csv")), 2, 2, 0, 0, 0, 0, 0)), reports);

            KnowledgeEntry toyStory = store.entriesAbout(EntityType.ITEM, 1).getFirst().entry();
            assertEquals("# Toy Story\n\n## Attributes\n- **Genre**: Animation, Children\n\"Toy Story\" is a groundbreaking film.",
                    toyStory.answer());
            assertEquals(EntryKey.IMPORTED_PROMPT, toyStory.prompt());
            assertEquals(EntryKey.of(EntityType.ITEM, 1, "movies", toyStory.prompt(), "imported", "all"), toyStory.key());
            assertEquals(0, toyStory.promptTokens() + toyStory.completionTokens());
            assertEquals("## Overview\nEnjoys heartfelt comedies.",
                    store.entriesAbout(EntityType.USER, 1).getFirst().entry().answer());
        }
    }

    @Test
    void importingTwiceYieldsTheSameRowsAndChangedTextUpdatesThem() throws IOException {
        Path csv = write("movies.csv", MOVIES);
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            KnowledgeImporter.importAll(List.of(movies(csv)), IMPORTED, false, store);
            List<StoredEntry> first = store.entries(0, 100);

            assertEquals(List.of(new ImportReport(movies(csv), 2, 0, 0, 2, 0, 0, 0)),
                    KnowledgeImporter.importAll(List.of(movies(csv)), IMPORTED, false, store));
            assertEquals(first, store.entries(0, 100));

            write("movies.csv", MOVIES.replace("A spy film", "A Bond film"));
            assertEquals(List.of(new ImportReport(movies(csv), 2, 0, 1, 1, 0, 0, 0)),
                    KnowledgeImporter.importAll(List.of(movies(csv)), IMPORTED, false, store));
            List<StoredEntry> after = store.entries(0, 100);
            assertEquals(first.get(0), after.get(0));
            assertEquals(first.get(1).id(), after.get(1).id());
            assertEquals("# GoldenEye\nA Bond film, with gadgets.", after.get(1).entry().answer());
        }
    }

    @Test
    void anotherModelOrScenarioAddsEntriesBesideTheFirst() throws IOException {
        Path csv = write("movies.csv", MOVIES);
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            KnowledgeImporter.importAll(List.of(movies(csv)), IMPORTED, false, store);
            KnowledgeImporter.importAll(List.of(movies(csv)), new Provenance("gpt-4o-mini", "movies", "all"), false, store);
            assertEquals(4, store.statistics().entries());
        }
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.csv");
        BadInputException error = importExpectingError(movies(missing));
        assertEquals(missing + ": file not found", error.getMessage());
    }

    @Test
    void aMissingColumnIsNamedWithTheHeader() throws IOException {
        Path csv = write("movies.csv", MOVIES);
        BadInputException error = importExpectingError(new TextSource(EntityType.ITEM, csv, "movie_id", "summary"));
        assertEquals(csv.toString(), error.source());
        assertEquals(1, error.line());
        assertEquals("summary", error.field());
        assertTrue(error.getMessage().contains("missing column; the header has [movie_id, title, movie_info]"), error.getMessage());
    }

    @Test
    void emptyTextIsAnErrorAtItsLine() throws IOException {
        Path csv = write("movies.csv", MOVIES + "3,Four Rooms (1995),\"  \n \"\n");
        BadInputException error = importExpectingError(movies(csv));
        assertEquals(csv.toString(), error.source());
        assertEquals(9, error.line(), error.getMessage());
        assertEquals("movie_info", error.field());
        assertTrue(error.getMessage().contains("empty text for id 3"), error.getMessage());
    }

    @Test
    void emptyTextsCanBeSkippedOnRequest() throws IOException {
        Path csv = write("users.csv", USERS + "3,\n4,Likes musicals.\n");
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            assertEquals(List.of(new ImportReport(users(csv), 4, 3, 0, 0, 1, 0, 0)),
                    KnowledgeImporter.importAll(List.of(users(csv)), IMPORTED, true, store));
            assertTrue(store.entriesAbout(EntityType.USER, 3).isEmpty());
        }
    }

    @Test
    void aNonIntegerIdIsAnErrorAtItsLine() throws IOException {
        Path csv = write("users.csv", USERS + "x7,Likes musicals.\n");
        BadInputException error = importExpectingError(users(csv));
        assertEquals(5, error.line(), error.getMessage());
        assertEquals("user_id", error.field());
        assertTrue(error.getMessage().contains("expected an integer, got 'x7'"), error.getMessage());
    }

    @Test
    void aRepeatedIdIsAnError() throws IOException {
        Path csv = write("users.csv", USERS + "1,Changed their mind.\n");
        BadInputException error = importExpectingError(users(csv));
        assertEquals(5, error.line());
        assertTrue(error.getMessage().contains("id 1 appears again (first on line 2)"), error.getMessage());
    }

    @Test
    void nothingIsHalfImported() throws IOException {
        Path good = write("movies.csv", MOVIES);
        Path bad = write("users.csv", USERS + "3,\n");
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("k.db"))) {
            assertThrows(BadInputException.class,
                    () -> KnowledgeImporter.importAll(List.of(movies(good), users(bad)), IMPORTED, false, store));
            assertEquals(0, store.statistics().entries(), "neither the good file nor the good rows may land");
        }
    }

    private BadInputException importExpectingError(TextSource source) {
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("errors.db"))) {
            BadInputException error = assertThrows(BadInputException.class,
                    () -> KnowledgeImporter.importAll(List.of(source), IMPORTED, false, store));
            assertEquals(0, store.statistics().entries());
            return error;
        }
    }
}
