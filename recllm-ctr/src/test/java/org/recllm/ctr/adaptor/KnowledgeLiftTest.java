package org.recllm.ctr.adaptor;

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

    /** Per item id: its true quality (as the synthetic rule defines it) and a constant, as an 2-d knowledge vector. */
    private static KnowledgeInput itemQuality(SampleStore store) {
        Vocabulary items = store.vocabulary("item_id");
        float[] vectors = new float[items.size() * 2];
        for (int id = Vocabulary.FIRST_ID; id < items.size(); id++) {
            int item = Integer.parseInt(items.value(id));
            vectors[id * 2] = (item % 5 - 2) * 0.6f;
            vectors[id * 2 + 1] = 1f;
        }
        return new KnowledgeInput("item", "item_id", List.of("hist_item"), vectors, items.size(), 2);
    }

    private static double auc(SampleStore store, ModelInputs inputs, String model) {
        ModelSpec spec = ModelZoo.spec(model, Map.of("dnn.hidden", "[32,16]"));
        TrainConfig config = new TrainConfig(12, 256, OptimizerConfig.adam(0.01f), 2, true);
        return new Trainer(store, inputs.layout(), config).train(spec.build(inputs, 1), 1, model).testAuc();
    }
}
