package org.recllm.ctr.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.core.io.BadInputException;
import org.recllm.ctr.layers.Activation;

/**
 * The CTR models by their CLI names, each with default hyper-parameters from its paper or FuxiCTR's model zoo.
 * Overrides are dotted paths into the configuration (e.g. {@code dnn.hidden=[200,80]}, {@code embedding.dim=32}).
 */
public final class ModelZoo {
    private static final ObjectMapper CONFIGS = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private record Entry(Record defaults, ModelSpec.Factory factory) {}

    /** How errors name a model given by name, and one of its settings. */
    public static final String MODEL = "model";
    public static final String SETTING = "model setting";

    private static final Map<String, Entry> MODELS = new LinkedHashMap<>();

    static {
        EmbeddingConfig emb = EmbeddingConfig.defaults();
        DnnConfig dnn = DnnConfig.defaults();
        register("lr", new LogisticRegressionModel.Config(),
                (c, inputs, seed) -> new LogisticRegressionModel((LogisticRegressionModel.Config) c, inputs, seed));
        register("fm", new FmModel.Config(emb), (c, inputs, seed) -> new FmModel((FmModel.Config) c, inputs, seed));
        register("widedeep", new WideDeep.Config(emb, dnn), (c, inputs, seed) -> new WideDeep((WideDeep.Config) c, inputs, seed));
        register("deepfm", new DeepFm.Config(emb, dnn), (c, inputs, seed) -> new DeepFm((DeepFm.Config) c, inputs, seed));
        register("dcn", new Dcn.Config(emb, dnn, 3), (c, inputs, seed) -> new Dcn((Dcn.Config) c, inputs, seed, false));
        register("dcnv2", new Dcn.Config(emb, dnn, 3), (c, inputs, seed) -> new Dcn((Dcn.Config) c, inputs, seed, true));
        register("xdeepfm", new XDeepFm.Config(emb, dnn, List.of(16, 16, 16)),
                (c, inputs, seed) -> new XDeepFm((XDeepFm.Config) c, inputs, seed));
        register("autoint", new AutoInt.Config(emb, new DnnConfig(List.of(), Activation.RELU, 0f, false), 2, 2, 40, true),
                (c, inputs, seed) -> new AutoInt((AutoInt.Config) c, inputs, seed));
        register("fibinet", new FiBiNet.Config(emb, dnn, 3, FiBiNet.Bilinear.FIELD_ALL),
                (c, inputs, seed) -> new FiBiNet((FiBiNet.Config) c, inputs, seed));
        register("pnn", new Pnn.Config(emb, dnn), (c, inputs, seed) -> new Pnn((Pnn.Config) c, inputs, seed));
        register("din", new Din.Config(emb, new DnnConfig(List.of(512, 128, 64), Activation.RELU, 0.1f, false),
                        List.of(64), Activation.DICE, List.of(), List.of()),
                (c, inputs, seed) -> new Din((Din.Config) c, inputs, seed));
        register("dien", new Dien.Config(emb, new DnnConfig(List.of(512, 128, 64), Activation.RELU, 0.1f, false),
                        List.of(), List.of(), 0.2f),
                (c, inputs, seed) -> new Dien((Dien.Config) c, inputs, seed));
        register("fignn", new FiGnn.Config(emb, 3, true), (c, inputs, seed) -> new FiGnn((FiGnn.Config) c, inputs, seed));
    }

    private ModelZoo() {}

    private static void register(String name, Record defaults, ModelSpec.Factory factory) {
        MODELS.put(name, new Entry(defaults, factory));
    }

    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    public static ModelSpec spec(String name) {
        return spec(name, Map.of());
    }

    /** The model's defaults with {@code overrides} (dotted path → JSON value or plain text) applied. */
    public static ModelSpec spec(String name, Map<String, String> overrides) {
        Entry entry = MODELS.get(name);
        if (entry == null) {
            throw new BadInputException(MODEL, 0, null, "unknown model '" + name + "'; expected one of " + names());
        }
        ObjectNode tree = CONFIGS.valueToTree(entry.defaults());
        overrides.forEach((path, value) -> set(name, tree, path, value));
        try {
            Record config = CONFIGS.treeToValue(tree, entry.defaults().getClass());
            return new ModelSpec(name, config, entry.factory());
        } catch (Exception e) {
            throw new BadInputException(SETTING, 0, null, "configuration of " + name + " is not valid: " + e.getMessage());
        }
    }

    /** The model with the complete configuration {@code configJson} that {@link ModelSpec#configJson()} wrote. */
    public static ModelSpec fromConfigJson(String name, String configJson) {
        Entry entry = MODELS.get(name);
        if (entry == null) {
            throw new BadInputException(MODEL, 0, null, "unknown model '" + name + "'; expected one of " + names());
        }
        try {
            return new ModelSpec(name, CONFIGS.readValue(configJson, entry.defaults().getClass()), entry.factory());
        } catch (Exception e) {
            throw new BadInputException(SETTING, 0, null, "configuration of " + name + " is not valid: " + e.getMessage());
        }
    }

    private static void set(String model, ObjectNode tree, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(node.get(parts[i]) instanceof ObjectNode child)) {
                throw new BadInputException(SETTING, 0, path, "no such setting in " + model + "; its settings are " + tree);
            }
            node = child;
        }
        String leaf = parts[parts.length - 1];
        if (!node.has(leaf)) {
            throw new BadInputException(SETTING, 0, path, "no such setting in " + model + "; its settings are " + tree);
        }
        try {
            node.set(leaf, CONFIGS.readTree(value));
        } catch (Exception notJson) {
            node.put(leaf, value);
        }
    }
}
