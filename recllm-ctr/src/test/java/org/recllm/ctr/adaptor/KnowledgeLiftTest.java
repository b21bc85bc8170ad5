package org.recllm.ctr.adaptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.testing.SyntheticStores;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.Trainer;
import org.recllm.data.schema.FieldRole;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.SampleStore;

/**
 * Knowledge that a model cannot learn from ids alone — each item's quality, for items with a handful of ratings —
 * reaches the backbone through the adaptor and lifts test AUC; for sequence models it also flows into histories.
 */
class KnowledgeLiftTest {

    @Test
    void itemKnowledgeLiftsDeepFmAndDin(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 150, 900, 40, 11)) {
            FeatureLayout plain = FeatureLayout.of(store);
            AdaptorConfig adaptor = new AdaptorConfig(AdaptorConfig.Kind.HEA, 1, 1, List.of(16, 8),
                    org.recllm.ctr.layers.Activation.RELU, 0f);
            ModelInputs augmented = new ModelInputs(plain.withKnowledge(List.of(itemQuality(store))), adaptor);
            for (String model : List.of("deepfm", "din")) {
                double without = auc(store, new ModelInputs(plain, adaptor), model);
                double with = auc(store, augmented, model);
                assertTrue(with > without + 0.01, model + ": with knowledge " + with + ", without " + without);
            }
        }
    }

    /**
     * The quality as a discrete code (level 0: item % 5; level 1: item % 2, noise) beside a second, uninformative
     * vector input on the same field: several knowledge types per field reach the backbone (DIN's query and keys
     * carry both), and the codes' embeddings learn what the continuous vector said.
     */
    @Test
    void discreteCodesBesideAnotherKnowledgeTypeLiftDeepFmAndDin(@TempDir Path dir) {
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 150, 900, 40, 11)) {
            FeatureLayout plain = FeatureLayout.of(store);
            KnowledgeInput quality = itemQuality(store);
            int rows = quality.rows();
            int[] codes = new int[rows * 2];
            float[] constant = new float[rows * 2];
            Vocabulary items = store.vocabulary(store.schema().requireIdField(FieldRole.ITEM_ID).vocabulary());
            java.util.Arrays.fill(codes, 0, 2 * Vocabulary.FIRST_ID, -1);
            for (int id = Vocabulary.FIRST_ID; id < rows; id++) {
                int item = Integer.parseInt(items.value(id));
                codes[id * 2] = item % 5;
                codes[id * 2 + 1] = item % 2;
                constant[id * 2] = 1f;
            }
            List<KnowledgeInput> knowledge = List.of(
                    new KnowledgeInput("item-flat", quality.field(), quality.sequenceFields(), constant, rows, 2),
                    KnowledgeInput.ofCodes("item-codes", quality.field(), quality.sequenceFields(), codes, rows, 2, 5));
            AdaptorConfig adaptor = new AdaptorConfig(AdaptorConfig.Kind.HEA, 1, 1, List.of(16, 8),
                    org.recllm.ctr.layers.Activation.RELU, 0f);
            ModelInputs augmented = new ModelInputs(plain.withKnowledge(knowledge), adaptor);
            for (String model : List.of("deepfm", "din")) {
                double without = auc(store, new ModelInputs(plain, adaptor), model);
                double with = auc(store, augmented, model);
                assertTrue(with > without + 0.01, model + ": with codes " + with + ", without " + without);
            }
        }
    }

    /**
     * The same with every field renamed (item_id → sku, hist_item → past_sku, …): models, the knowledge join and the
     * adaptor find the item and its history by their roles, not by MovieLens's names.
     */
    @Test
    void knowledgeFollowsRolesNotNames(@TempDir Path dir) {
        Map<String, String> names = Map.of("user_id", "visitor", "item_id", "sku", "genres", "tags", "hist_item", "past_sku",
                "hist_genre", "past_tag", "history", "visits", "hist_label", "past_click");
        try (SampleStore store = SyntheticStores.movieLens(dir.resolve("samples"), 150, 900, 40, 11,
                name -> names.getOrDefault(name, "x_" + name))) {
            assertTrue(store.schema().fields().stream().noneMatch(f -> names.containsKey(f.name())), "all renamed");
            FeatureLayout plain = FeatureLayout.of(store);
            KnowledgeInput quality = itemQuality(store);
            assertEquals("sku", quality.field());
            assertEquals(List.of("past_sku"), quality.sequenceFields());
            ModelInputs augmented = new ModelInputs(plain.withKnowledge(List.of(quality)), AdaptorConfig.defaults());
            double without = auc(store, new ModelInputs(plain, AdaptorConfig.defaults()), "din");
            double with = auc(store, augmented, "din");
            assertTrue(with > without + 0.01, "din with knowledge " + with + ", without " + without);
        }
    }

    /**
     * Per id of the field with the item-id role: its true quality (as the synthetic rule defines it) and a constant,
     * as a 2-d knowledge vector, also given to every history over the same ids.
     */
    private static KnowledgeInput itemQuality(SampleStore store) {
        FieldSpec itemField = store.schema().requireIdField(FieldRole.ITEM_ID);
        Vocabulary items = store.vocabulary(itemField.vocabulary());
        float[] vectors = new float[items.size() * 2];
        for (int id = Vocabulary.FIRST_ID; id < items.size(); id++) {
            int item = Integer.parseInt(items.value(id));
            vectors[id * 2] = (item % 5 - 2) * 0.6f;
            vectors[id * 2 + 1] = 1f;
        }
        List<String> histories = store.schema().alignedSequence(store.schema().sequenceGroups().getFirst()).stream()
                .filter(f -> f.alignedWith().equals(itemField.name())).map(FieldSpec::name).toList();
        return new KnowledgeInput("item", itemField.name(), histories, vectors, items.size(), 2);
    }

    private static double auc(SampleStore store, ModelInputs inputs, String model) {
        ModelSpec spec = ModelZoo.spec(model, Map.of("dnn.hidden", "[32,16]"));
        // lr 0.003: at 0.01 this small set is memorised within two epochs, and early stopping then compares noise.
        TrainConfig config = new TrainConfig(12, 256, OptimizerConfig.adam(0.003f), 2, true);
        return new Trainer(store, inputs.layout(), config).train(spec.build(inputs, 1), 1, model).testAuc();
    }
}
