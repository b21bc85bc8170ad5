package org.recllm.ctr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.testing.SyntheticStores;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;

/** A training budget trains on that many evenly spread rows; a budget covering the split is the whole split. */
class TrainBudgetTest {
    private static final TrainConfig CONFIG = new TrainConfig(3, 64, OptimizerConfig.adam(0.01f), 3, true);

    @Test
    void aBudgetOfEveryRowTrainsExactlyAsNoBudgetAndASmallerOneTrainsOnLess(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 60, 200, 30, 5)) {
            FeatureLayout layout = FeatureLayout.of(store);
            ModelSpec model = ModelZoo.spec("deepfm", Map.of("dnn.hidden", "[16]", "embedding.dim", "8"));
            int rows = store.split(Split.TRAIN).rows();
            // A first run lets the JIT compile the vector kernels, whose results the interpreter may round otherwise.
            new Trainer(store, layout, CONFIG).train(model.build(layout, 3), 3, "warm-up");
            SeedResult whole = new Trainer(store, layout, CONFIG).train(model.build(layout, 3), 3, "whole");
            SeedResult covering = new Trainer(store, layout, CONFIG.withTrainBudget(rows)).train(model.build(layout, 3), 3, "all");
            SeedResult quarter = new Trainer(store, layout, CONFIG.withTrainBudget(rows / 4)).train(model.build(layout, 3), 3, "quarter");
            SeedResult eighth = new Trainer(store, layout, CONFIG.withTrainBudget(rows / 8)).train(model.build(layout, 3), 3, "eighth");

            assertEquals(whole.testAuc(), covering.testAuc(), 1e-12);
            assertEquals(whole.epochs().getLast().trainLoss(), covering.epochs().getLast().trainLoss(), 1e-12);
            assertNotEquals(whole.testAuc(), quarter.testAuc());
            assertNotEquals(quarter.testAuc(), eighth.testAuc());
            assertEquals(whole.testScores().length, eighth.testScores().length, "the test split stays whole");
        }
    }

    @Test
    void runJournalsKeyRunsWithoutABudgetAsBeforeBudgetsExisted() {
        assertFalse(CONFIG.toString().contains("trainBudget"));
        assertTrue(CONFIG.withTrainBudget(256).toString().endsWith(", trainBudget=256]"));
        assertThrows(IllegalArgumentException.class, () -> CONFIG.withTrainBudget(-1));
    }
}
