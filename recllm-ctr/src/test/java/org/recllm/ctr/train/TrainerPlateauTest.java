package org.recllm.ctr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.testing.SyntheticStores;
import org.recllm.data.store.SampleStore;

/**
 * FuxiCTR's plateau rule on a small store where a fast learning rate overfits within a few epochs: every epoch whose
 * validation AUC does not beat the best so far cuts the rate tenfold, {@code patience} such epochs in a row stop
 * training, and the test metrics are those of the best epoch's weights.
 */
class TrainerPlateauTest {
    private static final float RATE = 0.05f;
    private static final int MAX_EPOCHS = 30;

    @TempDir
    static Path dir;
    static SampleStore store;

    @BeforeAll
    static void buildStore() {
        store = SyntheticStores.movieLens(dir.resolve("samples"), 60, 40, 40, 9);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static SeedResult train(int epochs, int patience) {
        FeatureLayout layout = FeatureLayout.of(store);
        TrainConfig config = new TrainConfig(epochs, 64, OptimizerConfig.adam(RATE), patience, true);
        return new Trainer(store, layout, config).train(ModelZoo.spec("fm", Map.of()).build(layout, 1), 1, "fm");
    }

    @Test
    void aStaleEpochCutsTheRateAndPatienceStaleEpochsStopTraining() {
        SeedResult result = train(MAX_EPOCHS, 2);
        List<EpochResult> epochs = result.epochs();
        assertTrue(epochs.size() < MAX_EPOCHS, "stopped early: " + epochs);
        double best = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        int stale = 0;
        int cuts = 0;
        for (EpochResult epoch : epochs) {
            assertEquals(RATE * Math.pow(0.1, cuts), epoch.learningRate(), RATE * Math.pow(0.1, cuts) * 1e-5,
                    "epoch " + epoch.epoch() + " after " + cuts + " stale epochs: " + epochs);
            assertTrue(stale < 2, "training went on after 2 stale epochs in a row: " + epochs);
            if (epoch.validAuc() > best) {
                best = epoch.validAuc();
                bestEpoch = epoch.epoch();
                stale = 0;
            } else {
                stale++;
                cuts++;
            }
        }
        assertEquals(2, stale, "the last two epochs were stale: " + epochs);
        assertTrue(cuts >= 2, "at least the two final epochs cut the rate");
        assertEquals(bestEpoch, result.bestEpoch());
        assertEquals(best, result.validAuc());
        assertTrue(bestEpoch < epochs.size());
    }

    @Test
    void theBestEpochsWeightsAreRestoredForTest() {
        SeedResult full = train(MAX_EPOCHS, 2);
        // Training is deterministic per seed, so a run cut off at the best epoch ends with exactly the weights the
        // full run had then; the full run's later, worse epochs must not reach its test scores.
        SeedResult cut = train(full.bestEpoch(), 2);
        assertEquals(full.bestEpoch(), cut.epochs().size());
        assertEquals(full.bestEpoch(), cut.bestEpoch());
        assertArrayEquals(cut.testScores(), full.testScores());
        assertEquals(cut.testAuc(), full.testAuc());
    }

    @Test
    void withoutPlateauReductionTheRateStaysAndPatienceStillStops() {
        FeatureLayout layout = FeatureLayout.of(store);
        TrainConfig config = new TrainConfig(MAX_EPOCHS, 64, OptimizerConfig.adam(RATE), 3, false);
        SeedResult result = new Trainer(store, layout, config).train(ModelZoo.spec("fm", Map.of()).build(layout, 1), 1, "fm");
        List<EpochResult> epochs = result.epochs();
        assertTrue(epochs.size() < MAX_EPOCHS, "stopped early: " + epochs);
        epochs.forEach(epoch -> assertEquals(RATE, epoch.learningRate(), "epoch " + epoch.epoch()));
        List<EpochResult> lastThree = epochs.subList(epochs.size() - 3, epochs.size());
        assertTrue(lastThree.stream().allMatch(epoch -> epoch.validAuc() <= result.validAuc()), epochs.toString());
        assertEquals(result.bestEpoch(), epochs.size() - 3, "the three epochs after the best were stale: " + epochs);
    }
}
