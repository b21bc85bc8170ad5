package org.recllm.knowledge.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;

class ScenarioFileTest {
    @TempDir
    Path temp;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(temp.resolve(name), content);
    }

    /** The message of loading {@code content} as a scenario, with the temporary folder cut off. */
    private String error(String name, String content) throws IOException {
        Path file = file(name, content);
        BadInputException e = assertThrows(BadInputException.class, () -> ScenarioFile.load(file));
        return e.getMessage().replace(temp.toString() + "/", "");
    }

    @Test
    void readsAYamlScenarioWithItsOwnPrompts() throws IOException {
        Scenario podcasts = ScenarioFile.load(file("podcasts.yaml", """
                # a user-defined scenario
                name: podcasts
                item_noun: podcast
                factors:
                  - topic
                  - host
                  - tone
                item_prompt: "Describe the {noun} {item}: {factors}."
                user_prompt: |
                  What does {user} like in {nouns}?
                  {history}
                """));
        assertEquals("podcasts", podcasts.name());
        assertEquals("podcasts", podcasts.itemNouns(), "plural made from the noun");
        assertEquals(List.of("topic", "host", "tone"), podcasts.factors());
        assertEquals("Describe the podcast Serial: topic, host, and tone.", podcasts.itemPrompt().render(Map.of(
                "item", "Serial", "noun", podcasts.itemNoun(), "nouns", podcasts.itemNouns(), "factors", podcasts.factorList())));
        assertEquals("What does {user} like in {nouns}?\n{history}\n", podcasts.userPrompt().text());
    }

    @Test
    void readsJsonAndDefaultsToKarsPrompts() throws IOException {
        Scenario series = ScenarioFile.load(file("series.json", """
                {"name": "series", "item_noun": "series", "item_noun_plural": "series", "factors": ["genre", "cast"]}
                """));
        assertEquals("series", series.itemNouns());
        assertSame(Scenario.KAR_ITEM_PROMPT, series.itemPrompt());
        assertSame(Scenario.KAR_USER_PROMPT, series.userPrompt());
        assertEquals("genre and cast", series.factorList());
    }

    @Test
    void errorsNameTheFileTheLineAndTheField() throws IOException {
        assertEquals("s.yaml:3: field 'colour': unknown field; expected one of [name, item_noun, item_noun_plural, factors, "
                + "item_prompt, user_prompt, item_cluster_prompt, user_cluster_prompt, user_update_prompt]", error("s.yaml", "name: s\nitem_noun: x\ncolour: red\n"));
        assertEquals("s.yaml: field 'factors': required: a list of the key factors, e.g. [genre, author]",
                error("s.yaml", "name: s\nitem_noun: x\n"));
        assertEquals("s.yaml:3: field 'factors': expected a list, got 'genre'",
                error("s.yaml", "name: s\nitem_noun: x\nfactors: genre\n"));
        assertEquals("s.yaml:3: field 'factors': at least one factor is required",
                error("s.yaml", "name: s\nitem_noun: x\nfactors: []\n"));
        assertEquals("s.yaml:1: field 'name': must not be blank", error("s.yaml", "name: ' '\nitem_noun: x\nfactors: [a]\n"));
        assertEquals("s.yaml:2: field 'item_noun': expected text, got a list",
                error("s.yaml", "name: s\nitem_noun: [x]\nfactors: [a]\n"));
        assertEquals("s.yaml:4: field 'item_prompt': unknown placeholder {title}; known: [{factors}, {item}, {noun}, {nouns}]",
                error("s.yaml", "name: s\nitem_noun: x\nfactors: [a]\nitem_prompt: 'About {title}'\n"));
        assertEquals("s.yaml:4: field 'user_prompt': the template must contain {history}",
                error("s.yaml", "name: s\nitem_noun: x\nfactors: [a]\nuser_prompt: 'About {user}'\n"));
        assertEquals("s.yaml:3: field 'name': appears again (first on line 1)",
                error("s.yaml", "name: s\nitem_noun: x\nname: t\n"));
        assertEquals("s.yaml: expected a mapping with the fields [name, item_noun, item_noun_plural, factors, item_prompt, "
                + "user_prompt, item_cluster_prompt, user_cluster_prompt, user_update_prompt]", error("s.yaml", "- just\n- a list\n"));
        assertEquals("s.yaml:2: not valid YAML: while parsing a flow sequence; expected ',' or ']', but got <stream end>",
                error("s.yaml", "name: s\nfactors: [a, b\n"));
        String json = error("s.json", "{\"name\": \"s\",\n \"factors\": [\"a\",]}");
        assertEquals(true, json.startsWith("s.json:2: not valid JSON: "), json);
    }

    @Test
    void resolvesBuiltInNamesAndFiles() throws IOException {
        assertSame(Scenarios.MOVIES, Scenarios.resolve("movies"));
        assertSame(Scenarios.BOOKS, Scenarios.resolve("books"));
        Path yaml = file("mine.yml", "name: mine\nitem_noun: game\nfactors: [genre]\n");
        assertEquals("mine", Scenarios.resolve(yaml.toString()).name());
        BadInputException unknown = assertThrows(BadInputException.class, () -> Scenarios.resolve("music"));
        assertEquals("scenario: unknown scenario 'music'; expected one of [books, movies] or a scenario file ending in "
                + ".yaml, .yml or .json", unknown.getMessage());
        BadInputException missing = assertThrows(BadInputException.class,
                () -> Scenarios.resolve(temp.resolve("absent.yaml").toString()));
        assertEquals(temp.resolve("absent.yaml") + ": scenario file not found", missing.getMessage());
    }

    @Test
    void templatesInsertValuesOnceAndRefuseMissingOnes() {
        PromptTemplate template = new PromptTemplate("Introduce {item} {not a placeholder}");
        assertEquals("Introduce {item} {not a placeholder}", template.render(Map.of("item", "{item}")));
        assertThrows(IllegalArgumentException.class, () -> template.render(Map.of()));
    }
}
