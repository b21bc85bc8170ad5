package org.recllm.knowledge.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recllm.core.io.BadInputException;

/**
 * A user-defined scenario in a YAML (or JSON) file:
 *
 * <pre>
 * name: podcasts
 * item_noun: podcast
 * item_noun_plural: podcasts     # optional; item_noun + "s" by default
 * factors: [topic, host, format, length, tone]
 * item_prompt: "Introduce {noun} {item} ..."          # optional; KAR's wording by default
 * user_prompt: "Given {user} ... {history} ..."       # optional; KAR's wording by default
 * item_cluster_prompt: "The following {size} ... {items} ..."   # optional; the built-in wording by default
 * user_cluster_prompt: "The following group ... {history} ..."  # optional; the built-in wording by default
 * user_update_prompt: "... {previous} ... {history} ..."      # optional; the built-in wording by default
 * </pre>
 *
 * Errors name the file, the line where the field stands, and the field.
 */
public final class ScenarioFile {
    private static final List<String> FIELDS =
            List.of("name", "item_noun", "item_noun_plural", "factors", "item_prompt", "user_prompt",
                    "item_cluster_prompt", "user_cluster_prompt", "user_update_prompt");

    private ScenarioFile() {}

    static boolean isScenarioFileName(String lowerCaseName) {
        return lowerCaseName.endsWith(".yaml") || lowerCaseName.endsWith(".yml") || lowerCaseName.endsWith(".json");
    }

    public static Scenario load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "scenario file not found");
        }
        ObjectMapper mapper = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? new ObjectMapper() : new YAMLMapper();
        Map<String, JsonNode> values = new HashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = mapper.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException(file, "expected a mapping with the fields " + FIELDS);
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                int line = parser.currentTokenLocation().getLineNr();
                if (!FIELDS.contains(field)) {
                    throw new BadInputException(file, line, field, "unknown field; expected one of " + FIELDS);
                }
                if (lines.containsKey(field)) {
                    throw new BadInputException(file, line, field, "appears again (first on line " + lines.get(field) + ")");
                }
                parser.nextToken();
                values.put(field, mapper.readTree(parser));
                lines.put(field, line);
            }
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new BadInputException(file.toString(), line, null, "not valid " + (mapper instanceof YAMLMapper ? "YAML" : "JSON")
                    + ": " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        return new Fields(file, values, lines).scenario();
    }

    /**
     * A parser's message on one line: SnakeYAML's spans several, echoing the source with a caret under the fault and
     * repeating the position, which the error already names.
     */
    private static String oneLine(String message) {
        return message.lines()
                .filter(line -> !line.startsWith("    ") && !line.isBlank() && !line.strip().startsWith("in 'reader'"))
                .map(String::strip)
                .reduce((a, b) -> a + "; " + b)
                .orElse(message);
    }

    /** The fields read from one file, turned into a scenario with errors that point back into the file. */
    private record Fields(Path file, Map<String, JsonNode> values, Map<String, Integer> lines) {

        Scenario scenario() {
            String noun = text("item_noun");
            String nouns = values.containsKey("item_noun_plural") ? text("item_noun_plural") : noun + "s";
            PromptTemplate item = values.containsKey("item_prompt") ? template("item_prompt") : Scenario.KAR_ITEM_PROMPT;
            PromptTemplate user = values.containsKey("user_prompt") ? template("user_prompt") : Scenario.KAR_USER_PROMPT;
            PromptTemplate itemCluster = values.containsKey("item_cluster_prompt") ? template("item_cluster_prompt")
                    : Scenario.ITEM_CLUSTER_PROMPT;
            PromptTemplate userCluster = values.containsKey("user_cluster_prompt") ? template("user_cluster_prompt")
                    : Scenario.USER_CLUSTER_PROMPT;
            PromptTemplate userUpdate = values.containsKey("user_update_prompt") ? template("user_update_prompt")
                    : Scenario.USER_UPDATE_PROMPT;
            try {
                return new Scenario(text("name"), noun, nouns, factors(), item, user, itemCluster, userCluster, userUpdate);
            } catch (InvalidScenarioException e) {
                throw error(e.field(), e.problem());
            }
        }

        private String text(String field) {
            JsonNode node = values.get(field);
            if (node == null) {
                throw error(field, "required");
            }
            if (!node.isValueNode() || node.isNull()) {
                throw error(field, "expected text, got " + describe(node));
            }
            if (node.asText().isBlank()) {
                throw error(field, "must not be blank");
            }
            return node.asText();
        }

        private PromptTemplate template(String field) {
            return new PromptTemplate(text(field));
        }

        private List<String> factors() {
            JsonNode node = values.get("factors");
            if (node == null) {
                throw error("factors", "required: a list of the key factors, e.g. [genre, author]");
            }
            if (!node.isArray()) {
                throw error("factors", "expected a list, got " + describe(node));
            }
            List<String> factors = new ArrayList<>();
            for (JsonNode factor : node) {
                if (!factor.isValueNode() || factor.isNull()) {
                    throw error("factors", "factor " + (factors.size() + 1) + " should be text, got " + describe(factor));
                }
                factors.add(factor.asText());
            }
            return factors;
        }

        private BadInputException error(String field, String problem) {
            return new BadInputException(file, lines.getOrDefault(field, 0), field, problem);
        }

        private static String describe(JsonNode node) {
            return node.isNull() ? "nothing" : node.isArray() ? "a list" : node.isObject() ? "a mapping" : "'" + node.asText() + "'";
        }
    }
}
