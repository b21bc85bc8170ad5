package org.recllm.ctr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.testing.SyntheticStores;
import org.recllm.data.store.SampleStore;

/** A run stopped after some epochs and resumed from its resume point ends as an uninterrupted run does. */
class TrainerResumeTest {

    @Test
    void aResumedRunEndsLikeAnUninterruptedOne(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 60, 200, 30, 5)) {
            FeatureLayout layout = FeatureLayout.of(store);
            ModelSpec model = ModelZoo.spec("deepfm", Map.of("dnn.hidden", "[16]", "embedding.dim", "8"));
            TrainConfig full = new TrainConfig(4, 128, OptimizerConfig.adam(0.01f), 4, true);
            // A first run lets the JIT compile the vector kernels, whose results the interpreter may round otherwise.
            new Trainer(store, layout, full).train(model.build(layout, 3), 3, "warm-up");
            SeedResult uninterrupted = new Trainer(store, layout, full).train(model.build(layout, 3), 3, "whole");

            Path resume = dir.resolve("run.resume.ckpt");
            TrainConfig firstTwo = new TrainConfig(2, 128, OptimizerConfig.adam(0.01f), 4, true);
            SeedResult stopped = new Trainer(store, layout, firstTwo).train(model.build(layout, 3), 3, "deepfm", resume);
            assertEquals(2, stopped.epochs().size());
            assertTrue(Files.isRegularFile(resume), "the resume point is saved after each epoch");
            SeedResult resumed = new Trainer(store, layout, full).train(model.build(layout, 3), 3, "deepfm", resume);

            assertEquals(uninterrupted.epochs().size(), resumed.epochs().size());
            for (int e = 0; e < resumed.epochs().size(); e++) {
                assertEquals(uninterrupted.epochs().get(e).validAuc(), resumed.epochs().get(e).validAuc(), 1e-9,
                        "epoch " + (e + 1) + " (epochs 1-2 come from the resume point, 3-4 are trained after it)");
                assertEquals(uninterrupted.epochs().get(e).learningRate(), resumed.epochs().get(e).learningRate());
            }
            assertEquals(uninterrupted.bestEpoch(), resumed.bestEpoch());
            assertEquals(uninterrupted.testAuc(), resumed.testAuc(), 1e-9);
            assertEquals(uninterrupted.testLogLoss(), resumed.testLogLoss(), 1e-9);
        }
    }

    @Test
    void theRunnerKeepsResumePointsBesideTheJournalOnlyWhileARunIsUnfinished(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 40, 100, 20, 7);
             RunJournal journal = RunJournal.open(dir.resolve("runs.jsonl"))) {
            TrainingRuns runs = new TrainingRuns(store, journal, message -> { });
            ModelSpec model = ModelZoo.spec("lr");
            var inputs = org.recllm.ctr.inputs.ModelInputs.of(FeatureLayout.of(store));
            TrainConfig config = new TrainConfig(2, 256, OptimizerConfig.adam(0.01f), 2, true);
            Path resume = journal.resumeFile(runs.key(model, inputs, config, 1, null));
            assertEquals(dir.resolve("runs.resume"), resume.getParent());
            runs.train(model, inputs, config, 1, null);
            assertFalse(Files.exists(resume), "a finished run's resume point is removed; the journal holds its result");
            assertEquals(1, journal.size());
        }
    }
}
