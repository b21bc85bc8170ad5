package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.testing.SharedData;

/**
 * {@code recllm bench drafts} on the first 40 movie and 20 user profiles of the shared gpt-4o-mini files, split by
 * stories260K's tokenizer: rows per entity type and pooling, their relations, the speed-up projected from cost files
 * (one measured by {@code recllm llm bench}, two made up so that the projection is known), and refused cost files.
 */
class BenchDraftsCommandTest {
    @TempDir
    static Path temp;

    private static Path knowledge;
    private static Path measured;

    @BeforeAll
    static void profilesAndAMeasuredCost() throws IOException {
        knowledge = ProfileSubset.write(SharedData.require("data/ml-100k-llm"), temp.resolve("knowledge"), 40, 20);
        measured = temp.resolve("stories260K-bench.json");
        CliRun bench = CliRun.of("llm", "bench", "--model", model().toString(), "--prefill", "32", "--decode", "8",
                "--out", measured.toString());
        assertEquals(0, bench.exitCode(), bench.err());
    }

    private static Path model() {
        return SharedData.require("models/stories260K.gguf");
    }

    private static CliRun drafts(String... more) {
        List<String> args = new ArrayList<>(List.of("bench", "drafts", "--knowledge-dir", knowledge.toString(),
                "--data", SharedData.require("data/ml-100k").toString(), "--model", model().toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A cost file in `llm bench --out`'s shape: k → cost(k) for k = 1 … {@code upTo}. */
    private static Path costFile(String name, int upTo, java.util.function.IntToDoubleFunction cost) throws IOException {
        ObjectNode root = AtomicFiles.JSON.createObjectNode();
        ObjectNode relative = root.putObject("forward_time_relative_to_k1");
        for (int k = 1; k <= upTo; k++) {
            relative.put(Integer.toString(k), cost.applyAsDouble(k));
        }
        return Files.writeString(temp.resolve(name), root.toString());
    }

    @Test
    void rowsPerEntityTypeAndPoolingWithProjectedSpeedUpsPerCostFile() throws IOException {
        Path flat = costFile("flat.json", 9, k -> 1);
        Path linear = costFile("linear.json", 16, k -> k);
        Path out = temp.resolve("drafts.json");
        CliRun run = drafts("--costs", measured.toString(), flat.toString(), linear.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("stories260K-bench (acceptance / cost policy)") && run.out().contains("written: " + out), run.out());
        JsonNode json = AtomicFiles.JSON.readTree(Files.readString(out));
        assertEquals("stories260K.gguf", json.get("tokenizer").asText());
        assertEquals(8, json.get("max_draft").asInt());
        JsonNode costs = json.get("cost_relative_to_k1");
        assertEquals(List.of("stories260K-bench.json", "flat.json", "linear.json"), names(costs));
        assertEquals(10, costs.get("flat.json").size(), "cost[0] unused, then k = 1 … max-draft + 1");
        assertEquals(1.0, costs.get("stories260K-bench.json").get(1).asDouble(), 1e-12);
        assertEquals(9.0, costs.get("linear.json").get(9).asDouble(), 0);

        JsonNode rows = json.get("rows");
        assertEquals(4, rows.size(), rows.toString());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        rows.forEach(row -> byName.put(row.get("entities").asText() + "/" + row.get("pooling").asText(), row));
        assertEquals(List.of("items/genre", "items/shared", "users/genre", "users/shared"), List.copyOf(byName.keySet()));
        for (String entities : List.of("items", "users")) {
            JsonNode genre = byName.get(entities + "/genre");
            JsonNode shared = byName.get(entities + "/shared");
            int profiles = entities.equals("items") ? 40 : 20;
            assertEquals(profiles, genre.get("texts").asLong(), genre.toString());
            assertEquals(profiles, shared.get("texts").asLong(), shared.toString());
            assertEquals(genre.get("tokens").asLong(), shared.get("tokens").asLong(), "the same profiles either way");
            assertTrue(genre.get("tokens").asLong() > 100L * profiles, "profiles run to hundreds of tokens: " + genre);

            assertEquals(1, shared.get("pools").asInt());
            assertEquals(List.of("all"), names(shared.get("by_group")));
            assertTrue(genre.get("pools").asInt() > 1, genre.toString());
            assertEquals(genre.get("pools").asInt(), genre.get("by_group").size());
            String prefix = entities.equals("items") ? "item:" : "user:";
            long grouped = 0;
            for (String group : names(genre.get("by_group"))) {
                assertTrue(group.startsWith(prefix), group);
                JsonNode g = genre.get("by_group").get(group);
                grouped += g.get("texts").asLong();
                assertTrue(g.get("acceptance").asDouble() >= 0 && g.get("acceptance").asDouble() <= 1, g.toString());
                assertTrue(g.get("tokens_per_pass").asDouble() >= 1, g.toString());
            }
            assertEquals(profiles, grouped, "every profile in one group");
            assertEquals(shared.get("acceptance").asDouble(), shared.get("by_group").get("all").get("acceptance").asDouble(), 0);

            for (JsonNode row : List.of(genre, shared)) {
                double acceptance = row.get("acceptance").asDouble();
                double tokensPerPass = row.get("tokens_per_pass").asDouble();
                assertTrue(acceptance >= 0 && acceptance <= 1, row.toString());
                assertTrue(tokensPerPass >= 1, row.toString());
                assertTrue(row.get("mean_accepted_length").asDouble() >= 0 && row.get("mean_accepted_length").asDouble() <= 8);
                assertTrue(row.get("retrieval_us_per_token").asDouble() > 0, row.toString());
                JsonNode speedups = row.get("projected_speedup");
                assertEquals(List.of("stories260K-bench.json", "flat.json", "linear.json"), names(speedups));
                assertTrue(speedups.get("stories260K-bench.json").asDouble() > 0, row.toString());
                // Passes that cost one position whatever their width: the speed-up is the tokens per pass.
                assertEquals(tokensPerPass, speedups.get("flat.json").asDouble(), 1e-9, row.toString());
                // Passes that cost their width: no faster than one token at a time, equal only if every draft stays.
                double linearSpeedup = speedups.get("linear.json").asDouble();
                assertTrue(linearSpeedup > 0 && linearSpeedup <= 1 + 1e-12, row.toString());
                // Drafts sized by each file's costs: where a pass costs its width no draft pays, so none is made.
                JsonNode costPolicy = row.get("projected_speedup_cost_policy");
                assertEquals(List.of("stories260K-bench.json", "flat.json", "linear.json"), names(costPolicy));
                assertEquals(1.0, costPolicy.get("linear.json").asDouble(), 1e-12, row.toString());
                assertTrue(costPolicy.get("flat.json").asDouble() >= 1, row.toString());
                assertTrue(costPolicy.get("stories260K-bench.json").asDouble() > 0, row.toString());
            }
        }
        // Gpt-4o-mini profiles share their headings and phrasing: a shared pool of earlier ones drafts a good part.
        assertTrue(byName.get("items/shared").get("acceptance").asDouble() > 0.1, byName.get("items/shared").toString());
        assertTrue(byName.get("items/shared").get("tokens_per_pass").asDouble() > 1.1, byName.get("items/shared").toString());
    }

    @Test
    void aCostFileThatStopsShortOfTheLongestDraftIsRefused() throws IOException {
        Path five = costFile("five.json", 5, k -> 1 + 0.05 * (k - 1));
        Path out = temp.resolve("refused.json");
        CliRun refused = drafts("--costs", five.toString(), "--out", out.toString());
        assertEquals(2, refused.exitCode());
        assertEquals("error: " + five + ": field 'forward_time_relative_to_k1': needs k = 1 to at least 9 (drafts of up to 8 "
                + "tokens), has [1, 2, 3, 4, 5]", refused.err().strip());
        assertFalse(Files.exists(out));

        // Drafts of at most 4 tokens need k up to 5 only: the same file is enough.
        Path shortDrafts = temp.resolve("short.json");
        CliRun accepted = drafts("--costs", five.toString(), "--max-draft", "4", "--out", shortDrafts.toString());
        assertEquals(0, accepted.exitCode(), accepted.err());
        JsonNode json = AtomicFiles.JSON.readTree(Files.readString(shortDrafts));
        assertEquals(4, json.get("max_draft").asInt());
        assertEquals(6, json.get("cost_relative_to_k1").get("five.json").size());
        for (JsonNode row : json.get("rows")) {
            assertTrue(row.get("mean_accepted_length").asDouble() <= 4, row.toString());
            assertTrue(row.get("projected_speedup").get("five.json").asDouble() > 0, row.toString());
        }

        Path noK1 = Files.writeString(temp.resolve("nok1.json"), "{\"forward_time_relative_to_k1\": {\"2\": 1.1, \"16\": 2}}");
        CliRun missingK1 = drafts("--costs", noK1.toString());
        assertEquals(2, missingK1.exitCode());
        assertTrue(missingK1.err().strip().startsWith("error: " + noK1 + ": field 'forward_time_relative_to_k1': needs k = 1"),
                missingK1.err());

        Path other = Files.writeString(temp.resolve("other.json"), "{\"decode_tokens_per_s\": 100}");
        CliRun notBench = drafts("--costs", other.toString());
        assertEquals(2, notBench.exitCode());
        assertEquals("error: " + other + ": field 'forward_time_relative_to_k1': expected the object `recllm llm bench --out` "
                + "writes", notBench.err().strip());

        Path text = Files.writeString(temp.resolve("text.json"), "k=1: 1.0");
        CliRun notJson = drafts("--costs", text.toString());
        assertEquals(2, notJson.exitCode());
        assertTrue(notJson.err().startsWith("error: " + text + ": not a JSON report: Unrecognized token 'k'"), notJson.err());
        assertEquals(1, notJson.err().strip().lines().count(), notJson.err());

        Path absent = temp.resolve("absent.json");
        CliRun missing = drafts("--costs", absent.toString());
        assertEquals(2, missing.exitCode());
        assertEquals("error: " + absent + ": file not found", missing.err().strip());

        // Positions that are not numbers, and times that cannot be costs, are input errors, not crashes.
        for (String bad : List.of("{\"one\": 1.0}", "{\"1\": 1.0, \"2\": 0}", "{\"1\": 1.0, \"2\": \"fast\"}",
                "{\"0\": 1.0}")) {
            Path file = Files.writeString(temp.resolve("bad.json"), "{\"forward_time_relative_to_k1\": " + bad + "}");
            CliRun refused2 = drafts("--costs", file.toString());
            assertEquals(2, refused2.exitCode(), bad + ": " + refused2.err());
            assertTrue(refused2.err().startsWith("error: " + file + ": field 'forward_time_relative_to_k1': expected positions "
                    + "k ≥ 1 with positive relative times, got "), bad + ": " + refused2.err());
            assertEquals(1, refused2.err().strip().lines().count(), refused2.err());
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
