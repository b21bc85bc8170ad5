package org.recllm.serve.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.recllm.core.optim.OptimizerConfig;
import org.recllm.ctr.adaptor.AdaptorConfig;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.ctr.features.KnowledgeVersions;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.models.CtrModel;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.ctr.testing.SyntheticStores;
import org.recllm.ctr.train.SeedResult;
import org.recllm.ctr.train.TrainConfig;
import org.recllm.ctr.train.TrainReport;
import org.recllm.ctr.train.Trainer;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;
import org.recllm.serve.bundle.BundleWriter;

/** A small MovieLens-shaped store, a model trained on it for two epochs, and its bundle. */
public final class ServingFixtures {
    private ServingFixtures() {}

    public record Trained(SampleStore store, ModelInputs inputs, CtrModel model, SeedResult result, BundleWriter.Trained bundle) {}

    public static SampleStore store(Path dir) {
        return SyntheticStores.movieLens(dir, 60, 40, 30, 7);
    }

    /** {@code model} trained on {@code store}, with random item and user knowledge vectors when asked. */
    public static Trained train(SampleStore store, String model, boolean knowledge, long seed) {
        FeatureLayout layout = FeatureLayout.of(store);
        if (knowledge) {
            layout = layout.withKnowledge(List.of(
                    vectors("item", "item_id", List.of("hist_item"), store.vocabulary("item_id").size(), 6, seed),
                    vectors("user", "user_id", List.of(), store.vocabulary("user_id").size(), 6, seed + 1)));
        }
        return train(store, model, layout, knowledge ? "random vectors" : null, seed);
    }

    /**
     * {@code model} trained with versioned user knowledge only: zero base rows, and for each raw user id one version,
     * a random vector, available from time 0 on (so every sample and every request reads it, by raw id).
     */
    public static Trained trainWithVersionedUsers(SampleStore store, String model, long seed) {
        FeatureLayout plain = FeatureLayout.of(store);
        int baseRows = store.vocabulary("user_id").size();
        int users = 60;
        int dim = 6;
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[(baseRows + users) * dim];
        for (int i = baseRows * dim; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        long[] keys = new long[users];
        int[] offsets = new int[users + 1];
        int[] rows = new int[users];
        for (int u = 0; u < users; u++) {
            keys[u] = u + 1;
            offsets[u + 1] = u + 1;
            rows[u] = baseRows + u;
        }
        KnowledgeInput versioned = KnowledgeInput.versioned("user-stream", "user_id", List.of(), values, dim,
                new KnowledgeVersions(baseRows, Columns.USER, keys, offsets, new long[users], rows));
        return train(store, model, plain.withKnowledge(List.of(versioned)), "versioned user vectors", seed);
    }

    private static Trained train(SampleStore store, String model, FeatureLayout layout, String knowledge, long seed) {
        ModelInputs inputs = new ModelInputs(layout, AdaptorConfig.defaults());
        ModelSpec spec = ModelZoo.spec(model);
        CtrModel instance = spec.build(inputs, seed);
        TrainConfig config = new TrainConfig(2, 256, OptimizerConfig.adam(0.01f), 2, true);
        SeedResult result = new Trainer(store, layout, config).train(instance, seed, model);
        TrainReport report = TrainReport.of("time", "synthetic", "fixture", model, spec.configJson(), knowledge, null,
                config, List.of(result));
        return new Trained(store, inputs, instance, result, new BundleWriter.Trained(spec, inputs, instance, seed,
                knowledge, report));
    }

    private static KnowledgeInput vectors(String name, String field, List<String> sequences, int rows, int dim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * dim];
        for (int i = dim * 2; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new KnowledgeInput(name, field, new ArrayList<>(sequences), values, rows, dim);
    }

    /**
     * The request for one stored sample: its user and item by raw id and its history as raw ids with labels; null
     * when a history item is unknown to the vocabulary (its stored genre cannot be told from the id alone).
     */
    public static String requestFor(SampleStore store, SplitView split, int row) {
        Vocabulary items = store.vocabulary("item_id");
        Vocabulary labels = store.vocabulary("label");
        int length = split.ints("history_length").get(row);
        int width = split.ints("hist_item").width();
        List<String> history = new ArrayList<>();
        for (int step = width - length; step < width; step++) {
            int item = split.ints("hist_item").get(row, step);
            if (item < Vocabulary.FIRST_ID) {
                return null;
            }
            history.add("{\"item_id\": \"" + items.value(item) + "\", \"label\": "
                    + labels.value(split.ints("hist_label").get(row, step)) + "}");
        }
        return "{\"user\": {\"user_id\": " + split.ints(Columns.USER).get(row) + "}, \"history\": ["
                + String.join(", ", history) + "], \"candidates\": [{\"item_id\": " + split.ints(Columns.ITEM).get(row) + "}]}";
    }
}
