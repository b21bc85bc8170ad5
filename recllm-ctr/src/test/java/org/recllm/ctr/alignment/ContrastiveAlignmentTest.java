package org.recllm.ctr.alignment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.core.tensor.Tensor;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.models.CtrModel;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.testing.SyntheticStores;
import org.recllm.ctr.train.RunJournal;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.TrainingRuns;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;

/**
 * Stage 1 on a synthetic store whose "text" of a row is a random vector of its item: the contrastive loss falls well
 * below chance, only the input layer moves, runs repeat exactly, and the run journal keeps CTRL runs apart.
 */
class ContrastiveAlignmentTest {
    static final ModelSpec MODEL = ModelZoo.spec("deepfm", Map.of("dnn.hidden", "[16]", "embedding.dim", "8"));
    static final OptimizerConfig ADAM = OptimizerConfig.adam(0.01f);

    /** Each item's text is one random 12-d unit vector; a row's tokens are its item's 3 token states. */
    static AlignmentTexts itemTexts(SampleStore store) {
        var train = store.split(Split.TRAIN);
        var items = train.ints("item_id");
        int dim = 12;
        int vocabulary = store.vocabulary("item_id").size();
        SplittableRandom random = new SplittableRandom(9);
        float[] perItem = new float[vocabulary * dim];
        for (int i = 0; i < perItem.length; i++) {
            perItem[i] = (float) random.nextGaussian();
        }
        float[] tokens = new float[vocabulary * 3 * dim];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = perItem[(i / (3 * dim)) * dim + i % dim] + 0.3f * (float) random.nextGaussian();
        }
        float[] pooled = new float[train.rows() * dim];
        int[] offsets = new int[train.rows() + 1];
        List<Integer> refs = new ArrayList<>();
        for (int r = 0; r < train.rows(); r++) {
            int item = items.get(r);
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                norm += perItem[item * dim + d] * perItem[item * dim + d];
            }
            for (int d = 0; d < dim; d++) {
                pooled[r * dim + d] = (float) (perItem[item * dim + d] / Math.sqrt(norm));
            }
            for (int t = 0; t < 3; t++) {
                refs.add(item * 3 + t);
            }
            offsets[r + 1] = refs.size();
        }
        return new AlignmentTexts(train.rows(), dim, pooled, tokens, offsets, refs.stream().mapToInt(Integer::intValue).toArray(),
                "items");
    }

    @Test
    void alignmentLearnsTheTextsAndMovesOnlyTheInputLayer(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 60, 40, 30, 5)) {
            FeatureLayout layout = FeatureLayout.of(store);
            AlignmentConfig config = new AlignmentConfig(6, 0.2f, 16, 32, 1f, 8, 8, 64, 1);
            ContrastiveAlignment alignment = new ContrastiveAlignment(store, layout, itemTexts(store), config, ADAM, m -> { });
            CtrModel model = MODEL.build(layout, 1);
            Map<String, float[]> before = snapshot(model);
            alignment.run(model, 1, "deepfm");
            ContrastiveAlignment.Summary summary = alignment.lastSummary();
            double[] losses = summary.lossPerEpoch();
            // Chance is ln 64 + ln 8 / 1 (coarse over the batch, fine within groups of 8) ≈ 6.2; rows of one item
            // share a text, so the floor is above 0.
            assertTrue(losses[0] > losses[losses.length - 1] + 1.0, "loss per epoch " + java.util.Arrays.toString(losses));
            Map<String, float[]> after = snapshot(model);
            for (String name : before.keySet()) {
                boolean moved = !java.util.Arrays.equals(before.get(name), after.get(name));
                assertEquals(name.startsWith("emb."), moved, name + (moved ? " moved" : " did not move"));
            }
            assertEquals(6L * store.split(Split.TRAIN).rows(), summary.samples());
        }
    }

    @Test
    void everyBackboneWithEmbeddingsAligns(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 30, 20, 20, 2)) {
            FeatureLayout layout = FeatureLayout.of(store);
            ContrastiveAlignment alignment = new ContrastiveAlignment(store, layout, itemTexts(store),
                    new AlignmentConfig(1, 0.7f, 8, 8, 1f, 4, 4, 32, 1), ADAM, m -> { });
            for (String name : ModelZoo.names()) {
                CtrModel model = ModelZoo.spec(name).build(layout, 1);
                if (name.equals("lr")) {
                    assertEquals(null, model.inputEmbedding(), "logistic regression has no field embeddings");
                    continue;
                }
                Map<String, float[]> before = snapshot(model);
                alignment.run(model, 1, name);
                assertTrue(Double.isFinite(alignment.lastSummary().lossPerEpoch()[0]), name);
                Map<String, float[]> after = snapshot(model);
                assertTrue(before.keySet().stream().anyMatch(p -> p.startsWith("emb.")
                        && !java.util.Arrays.equals(before.get(p), after.get(p))), name + "'s input layer moved");
            }
        }
    }

    @Test
    void aSeedAlignsToTheSameWeightsEveryTime(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 30, 20, 20, 2)) {
            FeatureLayout layout = FeatureLayout.of(store);
            AlignmentConfig config = new AlignmentConfig(1, 0.7f, 8, 8, 1f, 4, 4, 32, 2);
            ContrastiveAlignment alignment = new ContrastiveAlignment(store, layout, itemTexts(store), config, ADAM, m -> { });
            CtrModel first = MODEL.build(layout, 4);
            CtrModel second = MODEL.build(layout, 4);
            alignment.run(first, 4, "a");
            alignment.run(second, 4, "b");
            Map<String, float[]> a = snapshot(first);
            Map<String, float[]> b = snapshot(second);
            a.forEach((name, values) -> assertArrayEquals(values, b.get(name), name));
        }
    }

    @Test
    void ctrlRunsHaveTheirOwnJournalEntriesAndLabel(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 30, 20, 20, 2);
             RunJournal journal = RunJournal.open(dir.resolve("runs.jsonl"))) {
            FeatureLayout layout = FeatureLayout.of(store);
            List<String> log = new ArrayList<>();
            TrainingRuns runs = new TrainingRuns(store, journal, log::add);
            TrainConfig train = new TrainConfig(2, 64, ADAM, 1, true);
            var inputs = org.recllm.ctr.inputs.ModelInputs.of(layout);
            ContrastiveAlignment alignment = new ContrastiveAlignment(store, layout, itemTexts(store),
                    new AlignmentConfig(1, 0.7f, 8, 8, 1f, 4, 4, 32, 1), ADAM, log::add);
            SeedResult plain = runs.train(MODEL, inputs, train, 1, null).getFirst();
            SeedResult ctrl = runs.train(MODEL, inputs, train, 1, null, alignment).getFirst();
            assertEquals(2, journal.size(), "the CTRL run is not the plain run's journal entry");
            assertNotEquals(plain.testAuc(), ctrl.testAuc());
            assertTrue(log.stream().anyMatch(line -> line.startsWith("deepfm+ctrl seed 1: aligned in 1 epoch(s)")), log.toString());
            SeedResult again = runs.train(MODEL, inputs, train, 1, null, alignment).getFirst();
            assertEquals(ctrl.testAuc(), again.testAuc(), "the second call comes from the journal");
            assertEquals(2, journal.size());
        }
    }

    @Test
    void textsMustCoverTheTrainingSplitAndTheModelNeedsEmbeddings(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 30, 20, 20, 2)) {
            FeatureLayout layout = FeatureLayout.of(store);
            AlignmentTexts texts = itemTexts(store);
            AlignmentTexts short1 = new AlignmentTexts(2, texts.dim(), java.util.Arrays.copyOf(texts.pooled(), 2 * texts.dim()),
                    texts.tokens(), new int[] {0, 3, 6}, java.util.Arrays.copyOf(texts.rowTokens(), 6), "short");
            var error = assertThrows(IllegalArgumentException.class, () -> new ContrastiveAlignment(store, layout, short1,
                    AlignmentConfig.defaults(), ADAM, m -> { }));
            assertTrue(error.getMessage().contains("cover 2 rows"), error.getMessage());
            ContrastiveAlignment alignment = new ContrastiveAlignment(store, layout, texts, AlignmentConfig.defaults(), ADAM, m -> { });
            CtrModel lr = ModelZoo.spec("lr").build(layout, 1);
            var noEmbeddings = assertThrows(IllegalArgumentException.class, () -> alignment.run(lr, 1, "lr"));
            assertTrue(noEmbeddings.getMessage().contains("has none"), noEmbeddings.getMessage());
        }
    }

    private static Map<String, float[]> snapshot(CtrModel model) {
        Map<String, float[]> values = new java.util.TreeMap<>();
        model.parameters().dense().forEach((name, tensor) -> values.put(name, tensor.data().clone()));
        model.parameters().tables().forEach((name, table) -> values.put(name, table.weights().clone()));
        return values;
    }
}
