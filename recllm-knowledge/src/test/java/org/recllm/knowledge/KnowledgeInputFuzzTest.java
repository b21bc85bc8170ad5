package org.recllm.knowledge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.recllm.core.testing.Fuzz;
import org.recllm.knowledge.importing.KnowledgeImporter;
import org.recllm.knowledge.importing.Provenance;
import org.recllm.knowledge.importing.TextSource;
import org.recllm.knowledge.scenario.ScenarioFile;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.SqliteKnowledgeStore;

/**
 * The knowledge module's user files, damaged at random: a knowledge CSV is imported or rejected with a
 * {@code BadInputException}, a scenario file (YAML or JSON) is loaded or rejected.
 */
class KnowledgeInputFuzzTest {
    private static final byte[] KNOWLEDGE_CSV = """
            user_id,user_profile
            1,"## Overview
            Enjoys heartfelt comedies, ""feel-good"" ones most."
            2,Prefers thrillers.
            3,"Watches documentaries;
            rates them, highly"
            """.getBytes(StandardCharsets.UTF_8);

    private static final byte[] SCENARIO_YAML = """
            name: books
            item_noun: book
            item_noun_plural: books
            factors: [genre, author, era]
            user_prompt: "Which {nouns} would {user} enjoy? {history}"
            """.getBytes(StandardCharsets.UTF_8);

    private static final byte[] SCENARIO_JSON = """
            {"name": "series", "item_noun": "series", "item_noun_plural": "series", "factors": ["genre", "cast"]}
            """.getBytes(StandardCharsets.UTF_8);

    private Path dir;
    private SqliteKnowledgeStore store;

    @BeforeProperty
    void openStore() throws IOException {
        dir = Files.createTempDirectory("knowledge-fuzz");
        store = SqliteKnowledgeStore.open(dir.resolve("k.db"));
    }

    @AfterProperty
    void removeStore() throws IOException {
        store.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Property(tries = 200, seed = "20261129")
    void aKnowledgeCsvIsImportedOrRejected(@ForAll long seed) throws IOException {
        Path csv = Files.write(dir.resolve("users.csv"), Fuzz.mutate(KNOWLEDGE_CSV, seed));
        TextSource source = new TextSource(EntityType.USER, csv, "user_id", "user_profile");
        Fuzz.assertReadsOrRejects(csv + " (seed " + seed + ")", () -> KnowledgeImporter.importAll(List.of(source),
                new Provenance("imported", "movies", "all"), seed % 2 == 0, store));
    }

    @Property(tries = 200, seed = "20261129")
    void aScenarioFileIsLoadedOrRejected(@ForAll long seed) throws IOException {
        boolean json = seed % 2 == 0;
        Path file = Files.write(dir.resolve(json ? "s.json" : "s.yaml"), Fuzz.mutate(json ? SCENARIO_JSON : SCENARIO_YAML, seed));
        Fuzz.assertReadsOrRejects(file + " (seed " + seed + ")", () -> ScenarioFile.load(file));
    }
}
