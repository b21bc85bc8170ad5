package org.recllm.ctr.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.ops.Elementwise;
import org.recllm.core.ops.Losses;
import org.recllm.core.tensor.Tape;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.Batch;
import org.recllm.ctr.features.BatchLoader;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.testing.SyntheticStores;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;

/** DIEN's next-behaviour loss: its value where it is known by hand, and what it adds to the gradients. */
class DienAuxiliaryLossTest {
    private static final String EXTRACTOR = "extractor.input.weight";

    @TempDir
    static Path dir;
    static SampleStore store;
    static FeatureLayout layout;
    static Batch batch;

    @BeforeAll
    static void loadABatch() {
        store = SyntheticStores.movieLens(dir.resolve("samples"), 20, 12, 10, 5);
        layout = FeatureLayout.of(store);
        BatchLoader loader = new BatchLoader(store.split(Split.TRAIN), layout);
        batch = new Batch(layout, 32);
        int[] order = new int[loader.rows()];
        Arrays.setAll(order, i -> loader.rows() - 1 - i); // the latest rows: full histories of 5
        loader.fill(batch, order, 0, 32);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** Embeddings of a trained size, not FuxiCTR's 1e-4 start, under which the auxiliary gradient is ~1e-10. */
    private static Dien dien(float auxiliaryWeight) {
        return (Dien) ModelZoo.spec("dien", Map.of("auxiliaryWeight", Float.toString(auxiliaryWeight), "dnn.hidden", "[16]",
                "embedding.initStd", "0.3")).build(layout, 1);
    }

    private static Tape training() {
        return new Tape().seed(1).gradients(true).training(true);
    }

    @Test
    void zeroStatesScoreEveryPairAtChance() {
        Dien model = dien(0.2f);
        // A GRU with no weights nor biases halves its state each step from 0: every extracted state is 0, so every
        // positive and negative pair has logit 0 and BCE ln 2, whatever the behaviours.
        model.parameters().dense().forEach((name, tensor) -> {
            if (name.startsWith("extractor.")) {
                Arrays.fill(tensor.data(), 0f);
            }
        });
        model.logits(training(), batch);
        assertEquals(0.2 * Math.log(2), model.auxiliaryLoss().item(), 1e-6);
    }

    @Test
    void scoringAndAZeroWeightComputeNone() {
        Dien model = dien(0.2f);
        model.logits(new Tape().gradients(false).training(false), batch);
        assertNull(model.auxiliaryLoss());
        Dien unweighted = dien(0f);
        unweighted.logits(training(), batch);
        assertNull(unweighted.auxiliaryLoss());
    }

    /** The gradient of click loss plus auxiliary loss, as a training step takes it, by parameter. */
    private static Map<String, float[]> gradients(float auxiliaryWeight) {
        Dien model = dien(auxiliaryWeight);
        Tape tape = training();
        Tensor objective = Losses.bceWithLogits(tape, model.logits(tape, batch), batch.labels());
        if (model.auxiliaryLoss() != null) {
            objective = Elementwise.add(tape, objective, model.auxiliaryLoss());
        }
        tape.backward(objective);
        Map<String, float[]> grads = new java.util.HashMap<>();
        model.parameters().dense().forEach((name, tensor) -> grads.put(name, tensor.grad().clone()));
        return grads;
    }

    @Test
    void theAuxiliaryLossAddsItsWeightedGradientToTheExtractorOnly() {
        Map<String, float[]> none = gradients(0f);
        Map<String, float[]> some = gradients(0.1f);
        Map<String, float[]> twice = gradients(0.2f);
        float[] base = none.get(EXTRACTOR);
        double change = 0;
        for (int i = 0; i < base.length; i++) {
            float added = some.get(EXTRACTOR)[i] - base[i];
            // g(w) = g_click + w·g_aux: doubling the weight doubles what it adds.
            assertEquals(2 * added, twice.get(EXTRACTOR)[i] - base[i], 1e-5 + 1e-3 * Math.abs(added), "element " + i);
            change = Math.max(change, Math.abs(added));
        }
        assertTrue(change > 1e-4, "the auxiliary loss moves the extractor's gradient; largest change " + change);
        // The click tower sits after the extractor and the auxiliary loss does not reach it.
        none.keySet().stream().filter(name -> name.startsWith("dnn.")).forEach(name ->
                assertArrayEquals(none.get(name), twice.get(name), name));
    }
}
