package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.testing.SharedData;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.SqliteKnowledgeStore;
import org.recllm.llm.LanguageModel;
import org.recllm.llm.tokenizer.ChatTemplate;
import org.recllm.llm.tokenizer.Message;

/**
 * {@code recllm llm distill} on the first 40 movie and 20 user profiles of the shared gpt-4o-mini files: the report,
 * a model whose chat prompt is what it was trained on, and answers that {@code knowledge generate} stores; its errors.
 */
class LlmDistillCommandTest {
    private static final String ITEM_PROMPT = "Introduce movie Toy Story (1995) and describe its attributes precisely "
            + "(including but not limited to genre, director/actors, time period/country, character, plot/theme, mood/tone, "
            + "critical acclaim/award, production quality, and soundtrack).";

    @Test
    void aShortRunReportsHeldOutPerplexityAndItsModelAnswersInKnowledgeGenerate(@TempDir Path dir) throws IOException {
        Path data = SharedData.require("data/ml-100k");
        Path knowledge = ProfileSubset.write(SharedData.require("data/ml-100k-llm"), dir.resolve("knowledge"), 40, 20);
        Path model = dir.resolve("out/student.gguf");
        Path report = dir.resolve("out/distill.json");
        CliRun run = CliRun.of("llm", "distill", "--knowledge-dir", knowledge.toString(), "--data", data.toString(),
                "--preset", "tiny", "--steps", "200", "--batch", "2", "--tokenizer-vocab", "512", "--eval-every", "80",
                "--recompute-activations", "--out", model.toString(), "--report", report.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = AtomicFiles.JSON.readTree(Files.readString(report));
        assertEquals("llama2", json.get("chat_template").asText());
        JsonNode corpus = json.get("corpus");
        assertEquals(54, corpus.get("train_pairs").asInt());
        assertEquals(4, corpus.get("held_out_item_pairs").asInt());
        assertEquals(2, corpus.get("held_out_user_pairs").asInt());
        assertEquals(1_682 - 40, corpus.get("items_without_profile").asInt());
        assertEquals(943 - 20, corpus.get("users_without_profile").asInt());
        JsonNode items = json.get("held_out_items");
        assertEquals("[15,25,36,41]", items.get("ids").toString());
        assertEquals("[17,18]", json.get("held_out_users").get("ids").toString());
        // Profiles longer than the tiny preset's context are windows, each of the 4 held-out pairs one or more.
        assertTrue(items.get("sequences").asInt() > 4, items.toString());
        double perplexity = items.get("perplexity").asDouble();
        assertEquals(Math.exp(items.get("loss").asDouble()), perplexity, 1e-9);
        assertTrue(perplexity > 1 && perplexity < 512, "better than a uniform guess over the vocabulary: " + perplexity);
        JsonNode training = json.get("training");
        JsonNode losses = training.get("losses");
        assertEquals(100, losses.size(), "--steps 200 logs every other step");
        assertTrue(losses.get(99).get("train_loss").asDouble() < losses.get(0).get("train_loss").asDouble() - 1, losses.toString());
        assertTrue(training.get("final_valid_loss").asDouble() > 0);
        List<Integer> evaluated = new ArrayList<>();
        losses.forEach(point -> {
            if (point.hasNonNull("valid_loss")) {
                evaluated.add(point.get("step").asInt());
            }
        });
        assertEquals(List.of(80, 160, 200), evaluated, "--eval-every 80, and after the last step");
        assertTrue(training.get("tokens_per_second").asDouble() > 0);
        assertTrue(json.get("wall_seconds").asDouble() >= training.get("train_seconds").asDouble());
        assertTrue(Files.size(dir.resolve("out/distill.loss.png")) > 1000);

        // The engine reads the file as Llama 2 chat and feeds exactly the tokens a training prompt had.
        try (LanguageModel student = LanguageModel.open(model)) {
            assertEquals(ChatTemplate.LLAMA2, student.chatTemplate());
            String trained = ChatTemplate.LLAMA2.render(List.of(Message.user(ITEM_PROMPT)));
            assertArrayEquals(student.prompt(trained), student.chatPrompt(List.of(Message.user(ITEM_PROMPT))));
        }
        Path store = dir.resolve("knowledge.db");
        CliRun generate = CliRun.of("knowledge", "generate", "--store", store.toString(), "--data", data.toString(),
                "--scenario", "movies", "--entities", "items", "--limit", "2", "--model", model.toString(), "--max-tokens", "24");
        assertEquals(0, generate.exitCode(), generate.err());
        try (SqliteKnowledgeStore stored = SqliteKnowledgeStore.openExisting(store)) {
            for (int item = 1; item <= 2; item++) {
                var entries = stored.entriesAbout(EntityType.ITEM, item);
                assertEquals(1, entries.size());
                assertEquals("student.gguf", entries.getFirst().entry().key().modelId());
                String answer = entries.getFirst().entry().answer();
                // Every profile opens with "# Title": the student answers in the format it was trained on.
                assertTrue(answer.startsWith("#"), answer);
            }
        }
    }

    @Test
    void aQuantisedOutputIsScoredAsWrittenBesideTheTrainedWeights(@TempDir Path dir) throws IOException {
        Path knowledge = ProfileSubset.write(SharedData.require("data/ml-100k-llm"), dir.resolve("knowledge"), 40, 20);
        Path report = dir.resolve("q8.json");
        CliRun run = CliRun.of("llm", "distill", "--knowledge-dir", knowledge.toString(), "--data",
                SharedData.require("data/ml-100k").toString(), "--preset", "tiny", "--steps", "30", "--batch", "2",
                "--tokenizer-vocab", "512", "--out-type", "Q8_0", "--out", dir.resolve("q8.gguf").toString(), "--report",
                report.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = AtomicFiles.JSON.readTree(Files.readString(report));
        JsonNode written = json.get("written_model");
        assertEquals("Q8_0", written.get("matrix_type").asText());
        double trained = json.get("held_out_items").get("perplexity").asDouble();
        double stored = written.get("held_out_item_perplexity").asDouble();
        // Eight-bit blocks cost little, but they are not the trained weights.
        assertTrue(stored != trained && Math.abs(stored / trained - 1) < 0.02, trained + " trained, " + stored + " as written");
    }

    @Test
    void aResumedRunEndsAsTheUninterruptedOneAndBelongsToItsRun(@TempDir Path dir) throws IOException {
        Path knowledge = ProfileSubset.write(SharedData.require("data/ml-100k-llm"), dir.resolve("knowledge"), 30, 10);
        String data = SharedData.require("data/ml-100k").toString();
        Path checkpoint = dir.resolve("distill.ckpt");
        List<String> common = List.of("llm", "distill", "--knowledge-dir", knowledge.toString(), "--data", data,
                "--preset", "tiny", "--steps", "8", "--batch", "2", "--tokenizer-vocab", "400", "--checkpoint",
                checkpoint.toString(), "--checkpoint-every", "4");
        CliRun first = distillRun(common, "--out", dir.resolve("first.gguf").toString(), "--report", dir.resolve("1.json").toString());
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(Files.exists(checkpoint));
        // Resuming the finished run trains nothing more and writes the same model.
        CliRun resumed = distillRun(common, "--resume", "--out", dir.resolve("again.gguf").toString(), "--report",
                dir.resolve("2.json").toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("first.gguf")), Files.readAllBytes(dir.resolve("again.gguf")));
        // The training time comes from the resume point (a run trained afresh would take its own time).
        assertEquals(trainSeconds(dir.resolve("1.json")), trainSeconds(dir.resolve("2.json")));
        // Another seed is another run: its resume point is refused by name.
        CliRun other = distillRun(common, "--resume", "--seed", "2", "--out", dir.resolve("other.gguf").toString(),
                "--report", dir.resolve("3.json").toString());
        assertEquals(2, other.exitCode(), other.err());
        assertTrue(other.err().contains("distill.ckpt") && other.err().contains("not a resume point"), other.err());
    }

    private static double trainSeconds(Path report) throws IOException {
        return AtomicFiles.JSON.readTree(Files.readString(report)).get("training").get("train_seconds").asDouble();
    }

    private static CliRun distillRun(List<String> common, String... more) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aMissingKnowledgeFolderOrFileIsOneLine(@TempDir Path dir) throws IOException {
        String data = SharedData.require("data/ml-100k").toString();
        String[] outputs = {"--out", dir.resolve("m.gguf").toString(), "--report", dir.resolve("r.json").toString()};
        CliRun folder = distill(dir.resolve("absent"), data, outputs);
        assertEquals(2, folder.exitCode());
        assertEquals("error: --knowledge-dir: " + dir.resolve("absent") + " is not a folder", folder.err().strip());
        Path half = Files.createDirectories(dir.resolve("half"));
        Files.writeString(half.resolve(TeacherProfiles.ITEMS_CSV), "movie_id,movie_info\n1,a film\n");
        CliRun file = distill(half, data, outputs);
        assertEquals(2, file.exitCode());
        assertEquals("error: --knowledge-dir: " + half + " has no " + TeacherProfiles.USERS_CSV, file.err().strip());
        CliRun steps = CliRun.of("llm", "distill", "--knowledge-dir", half.toString(), "--data", data, "--steps", "0",
                outputs[0], outputs[1], outputs[2], outputs[3]);
        assertEquals("error: --steps: expected at least 1, got 0", steps.err().strip());
    }

    private static CliRun distill(Path knowledge, String data, String[] outputs) {
        List<String> args = new ArrayList<>(List.of("llm", "distill", "--knowledge-dir", knowledge.toString(), "--data", data));
        args.addAll(List.of(outputs));
        return CliRun.of(args.toArray(String[]::new));
    }
}
