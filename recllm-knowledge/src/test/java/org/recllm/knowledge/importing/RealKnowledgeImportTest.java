package org.recllm.knowledge.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.testing.SharedData;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.KnowledgeStatistics;
import org.recllm.knowledge.store.SqliteKnowledgeStore;

/** The LLM-written ML-100K texts in ../shared import completely (bar one empty profile), and a second import changes nothing. */
class RealKnowledgeImportTest {

    @Test
    void importsAllMoviesAndUsersOfMl100k(@TempDir Path dir) {
        Path movies = SharedData.require("data/ml-100k-llm/movies_structured_100K.csv");
        Path users = SharedData.require("data/ml-100k-llm/users_structured_100k.csv");
        List<TextSource> sources = List.of(new TextSource(EntityType.ITEM, movies, "movie_id", "movie_info"),
                new TextSource(EntityType.USER, users, "user_id", "user_profile"));
        Provenance provenance = new Provenance("gpt-4o-mini", "movies", "u1.base");
        try (SqliteKnowledgeStore store = SqliteKnowledgeStore.open(dir.resolve("ml-100k.db"))) {
            List<ImportReport> reports = KnowledgeImporter.importAll(sources, provenance, true, store);
            assertEquals(1_591, reports.get(0).inserted());
            // User 685 liked nothing in u1.base, so the profile generator left the profile empty.
            assertEquals(943, reports.get(1).rows());
            assertEquals(942, reports.get(1).inserted());
            assertEquals(1, reports.get(1).skipped());
            assertTrue(store.entriesAbout(EntityType.USER, 685).isEmpty());
            assertEquals(List.of(
                    new KnowledgeStatistics.Group(EntityType.ITEM, "movies", "gpt-4o-mini", 1_591, 0, 0),
                    new KnowledgeStatistics.Group(EntityType.USER, "movies", "gpt-4o-mini", 942, 0, 0)),
                    store.statistics().groups());
            assertTrue(store.entriesAbout(EntityType.ITEM, 1).getFirst().entry().answer().startsWith("# Toy Story\n\n## Overview\n"));
            assertTrue(store.entriesAbout(EntityType.USER, 943).getFirst().entry().answer().contains("## "));

            List<ImportReport> again = KnowledgeImporter.importAll(sources, provenance, true, store);
            assertEquals(1_591, again.get(0).unchanged());
            assertEquals(942, again.get(1).unchanged());
        }
    }
}
