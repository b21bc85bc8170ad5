package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.testing.SharedData;

/**
 * CTRL end to end on a tiny ML-100K-format dataset: sample texts → MiniLM token states → stage-1 alignment → supervised
 * training, in {@code train --ctrl} and in the four-arm {@code experiment ctrl} with its JSON, markdown and PNG.
 */
class ExperimentCtrlCommandTest {
    static final String[] QUICK = {"--seeds", "2", "--epochs", "2", "--batch", "128", "--lr", "0.01", "--ctrl-epochs", "1",
            "--ctrl-batch", "64", "--ctrl-fine-group", "8"};

    @Test
    void comparesPlainCtrlKarAndKarPlusCtrl(@TempDir Path dir) throws IOException {
        Path data = TinyMovieLens.write(dir.resolve("data"));
        Path samples = dir.resolve("samples");
        Path store = dir.resolve("knowledge.db");
        assertEquals(0, CliRun.of("data", "prepare", "--data", data.toString(), "--out", samples.toString()).exitCode());
        assertEquals(0, CliRun.of("knowledge", "fallback", "--store", store.toString(), "--data", data.toString()).exitCode());
        assertEquals(0, CliRun.of("knowledge", "encode", "--store", store.toString()).exitCode());

        Path report = dir.resolve("ctrl.json");
        CliRun run = CliRun.of(concat(new String[] {"experiment", "ctrl", "--samples", samples.toString(), "--knowledge",
                store.toString(), "--knowledge-types", "item", "--models", "deepfm", "--report", report.toString()}, QUICK));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("CTRL texts: ") && run.out().contains("Candidate: "), run.out());
        assertTrue(run.out().contains("About it: "), "the KAR + CTRL texts carry the item's knowledge text: " + run.out());
        JsonNode deepfm = AtomicFiles.JSON.readTree(report.toFile()).get("runs").get(0);
        assertEquals("deepfm", deepfm.get("model").asText());
        for (String arm : new String[] {"without", "with", "kar", "kar_ctrl"}) {
            assertEquals(2, deepfm.get(arm).get("test_auc").size(), arm);
            assertEquals(4, deepfm.get(arm).get("test_auc_by_popularity").size(), arm);
        }
        assertEquals(deepfm.get("with").get("test_auc_mean").asDouble() - deepfm.get("without").get("test_auc_mean").asDouble(),
                deepfm.get("gain_auc").asDouble(), 1e-12);
        assertNotEquals(deepfm.get("with").get("test_auc"), deepfm.get("without").get("test_auc"));
        String markdown = Files.readString(dir.resolve("ctrl.md"));
        assertTrue(markdown.contains("| deepfm | KAR + CTRL |"), markdown);
        assertTrue(Files.size(dir.resolve("ctrl.png")) > 1000);
        assertEquals(8, Files.readAllLines(dir.resolve("ctrl.runs.jsonl")).size(), "4 arms × 2 seeds");

        // train --ctrl with the same settings is the experiment's CTRL arm: it comes from the shared journal.
        CliRun train = CliRun.of(concat(new String[] {"train", "--samples", samples.toString(), "--model", "deepfm", "--ctrl",
                "--journal", dir.resolve("ctrl.runs.jsonl").toString(), "--report", dir.resolve("t.json").toString()}, QUICK));
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("deepfm+ctrl seed 2: test AUC") && train.out().contains("from the run journal"), train.out());
        JsonNode trained = AtomicFiles.JSON.readTree(dir.resolve("t.json").toFile());
        assertEquals(deepfm.get("with").get("test_auc_mean").asDouble(), trained.get("test_auc_mean").asDouble(), 1e-12);
        assertTrue(trained.get("pretraining").asText().startsWith("CTRL epochs=1"), trained.toString());
    }

    /**
     * The real ML100K-U1 rows: texts name the movies' titles from the dataset, the 73,240 training rows share a few
     * thousand segments, and one alignment epoch and one supervised epoch give a working model.
     */
    @Test
    void alignsOnTheRealMovieLensSamples(@TempDir Path dir) throws IOException {
        Path data = SharedData.ml100k();
        Path samples = dir.resolve("u1");
        assertEquals(0, CliRun.of("data", "prepare", "--dataset", "ml-100k", "--data", data.toString(), "--protocol",
                "ml100k-u1", "--out", samples.toString()).exitCode());
        CliRun train = CliRun.of("train", "--samples", samples.toString(), "--model", "deepfm", "--ctrl", "--ctrl-epochs", "1",
                "--epochs", "1", "--report", dir.resolve("r.json").toString());
        assertEquals(0, train.exitCode(), train.err());
        java.util.regex.Matcher rows = java.util.regex.Pattern.compile("CTRL texts: 73,240 training rows from ([0-9,]+) distinct segments")
                .matcher(train.out());
        assertTrue(rows.find(), train.out());
        int segments = Integer.parseInt(rows.group(1).replace(",", ""));
        assertTrue(segments > 2_000 && segments < 10_000, "users, items and (item, label) pairs: " + segments);
        assertTrue(train.out().matches("(?s).*Candidate: .+ \\(19[0-9]{2}\\)\\. Genres: .*"), "titles from u.item: " + train.out());
        assertTrue(train.out().contains("deepfm+ctrl seed 1: aligned in 1 epoch(s)"), train.out());
        double auc = AtomicFiles.JSON.readTree(dir.resolve("r.json").toFile()).get("test_auc_mean").asDouble();
        assertTrue(auc > 0.76 && auc < 0.80, "one epoch after alignment, test AUC " + auc);
    }

    /** An LLM's hidden states as the text side: the token states of a GGUF model instead of MiniLM's. */
    @Test
    void aGgufModelCanBeTheTextEncoder(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir);
        Path model = SharedData.require("models/stories260K.gguf");
        CliRun train = CliRun.of("train", "--samples", samples.toString(), "--model", "deepfm", "--ctrl", "--ctrl-encoder",
                model.toString(), "--ctrl-epochs", "1", "--ctrl-batch", "64", "--ctrl-fine-group", "8", "--epochs", "1",
                "--report", dir.resolve("r.json").toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("encoder " + model), train.out());
        JsonNode report = AtomicFiles.JSON.readTree(dir.resolve("r.json").toFile());
        assertTrue(report.get("pretraining").asText().contains("stories260K.gguf"), report.toString());
    }

    @Test
    void benchCtrlMeasuresTrainingAlignmentScoringAndTextEncoding(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir);
        Path out = dir.resolve("bench.json");
        CliRun bench = CliRun.of("bench", "ctrl", "--samples", samples.toString(), "--rounds", "2", "--text-rows", "16",
                "--ctrl-batch", "64", "--ctrl-fine-group", "8", "--out", out.toString());
        assertEquals(0, bench.exitCode(), bench.err());
        for (String row : new String[] {"supervised training epoch", "CTRL alignment epoch (stage 1)", "scoring, plain backbone",
                "scoring, CTRL-aligned backbone", "text encoder on each sample's text"}) {
            assertTrue(bench.out().contains(row), row + " in " + bench.out());
        }
        JsonNode result = AtomicFiles.JSON.readTree(out.toFile()).get("result");
        assertEquals(2, result.get("alignment_epoch_samples_per_s").size());
        assertEquals(16, result.get("composed_vs_whole_cosine").size());
        for (JsonNode cosine : result.get("composed_vs_whole_cosine")) {
            assertTrue(cosine.asDouble() > 0.5 && cosine.asDouble() <= 1.0001,
                    "a row's composed vector points where its whole text's does: " + cosine);
        }
    }

    @Test
    void badSettingsNameTheOption(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir);
        CliRun run = CliRun.of("train", "--samples", samples.toString(), "--model", "deepfm", "--ctrl", "--ctrl-temperature", "0");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--ctrl-temperature") && run.err().contains("temperature must be positive"), run.err());
        CliRun lr = CliRun.of("train", "--samples", samples.toString(), "--model", "lr", "--ctrl", "--epochs", "1");
        assertEquals(2, lr.exitCode(), lr.err());
        assertTrue(lr.err().contains("--model") && lr.err().contains("lr has none"),
                "logistic regression has no field embeddings to align: " + lr.err());
        CliRun mode = CliRun.of("train", "--samples", samples.toString(), "--model", "deepfm", "--ctrl", "--ctrl-texts", "all");
        assertEquals(2, mode.exitCode());
        assertTrue(mode.err().contains("--ctrl-texts") && mode.err().contains("segments or whole"), mode.err());
        CliRun moved = CliRun.of("train", "--samples", samples.toString(), "--model", "deepfm", "--ctrl", "--ctrl-data",
                dir.resolve("nowhere").toString());
        assertEquals(2, moved.exitCode());
        assertTrue(moved.err().contains("--ctrl-data") && moved.err().contains("is not one"), moved.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
