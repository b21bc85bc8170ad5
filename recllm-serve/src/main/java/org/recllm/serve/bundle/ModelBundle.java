package org.recllm.serve.bundle;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.core.checkpoint.Checkpoint;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.ctr.adaptor.AdaptorConfig;
import org.recllm.ctr.features.FeatureLayout;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.ctr.inputs.ModelInputs;
import org.recllm.ctr.models.CtrModel;
import org.recllm.ctr.models.ModelSpec;
import org.recllm.ctr.models.ModelZoo;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.VocabularyFile;

/**
 * A bundle loaded for serving: the model with its weights and knowledge vectors, the vocabularies that turn raw
 * values into ids, and the user and item tables. Every knowledge row is adapted once at loading, so a request pays
 * a lookup for its knowledge, not the adaptor. Immutable once loaded; a server swaps whole bundles.
 */
public final class ModelBundle {
    public static final String MANIFEST = "manifest.json";
    static final String WEIGHTS = "model.ckpt";
    static final String VOCABULARIES = "vocabularies.json";
    static final String TABLES = "tables.json";

    private final BundleManifest manifest;
    private final Map<String, Vocabulary> vocabularies;
    private final FeatureLayout layout;
    private final CtrModel model;
    private final EntityTables tables;

    private ModelBundle(BundleManifest manifest, Map<String, Vocabulary> vocabularies, FeatureLayout layout, CtrModel model,
                        EntityTables tables) {
        this.manifest = manifest;
        this.vocabularies = vocabularies;
        this.layout = layout;
        this.model = model;
        this.tables = tables;
    }

    /** Loads the current bundle of {@code dir}, every file checked; errors name the file and what is wrong. */
    public static ModelBundle load(Path dir) {
        return load(dir, true);
    }

    /** As {@link #load(Path)}; {@code precompute} false leaves the adaptors to run per request (for measuring). */
    public static ModelBundle load(Path dir, boolean precompute) {
        Path manifestFile = dir.resolve(MANIFEST);
        BundleManifest manifest = manifest(dir);
        if (manifest.format() != BundleManifest.FORMAT) {
            throw new BadInputException(manifestFile, "has bundle format " + manifest.format() + "; this RecLLM reads "
                    + BundleManifest.FORMAT + " (write the bundle again with recllm train --save)");
        }
        Path versionDir = dir.resolve(manifest.modelVersion());
        Map<String, VocabularyFile> files = readJson(versionDir.resolve(VOCABULARIES), new TypeReference<>() {},
                "vocabulary file");
        Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
        files.forEach((name, file) -> vocabularies.put(name, file.toVocabulary()));
        for (String name : manifest.schema().vocabularies()) {
            if (!vocabularies.containsKey(name)) {
                throw new BadInputException(versionDir.resolve(VOCABULARIES), "lacks vocabulary '" + name
                        + "' that the schema's fields use");
            }
        }
        Path weights = versionDir.resolve(WEIGHTS);
        FeatureLayout fields = FeatureLayout.of(manifest.schema(), name -> vocabularies.get(name).size());
        // The vectors are frozen tables among the weights: the model is built over placeholders of their shape, and
        // the layout takes them back from the loaded model.
        List<KnowledgeInput> placeholders = manifest.knowledge().stream()
                .map(shape -> shape.withVectors(new float[Math.multiplyExact(shape.rows(), shape.dim())])).toList();
        ModelSpec spec = ModelZoo.fromConfigJson(manifest.model(), manifest.config().toString());
        AdaptorConfig adaptor = manifest.adaptor() == null ? AdaptorConfig.defaults() : manifest.adaptor();
        CtrModel model = spec.build(new ModelInputs(fields.withKnowledge(placeholders), adaptor), manifest.seed());
        Checkpoint.load(weights, manifest.model(), model.parameters(), null);
        FeatureLayout layout = fields.withKnowledge(knowledge(model, manifest, placeholders));
        if (precompute) {
            model.parameters().precomputeForInference();
        }
        EntityTables tables = readJson(versionDir.resolve(TABLES), new TypeReference<>() {}, "user and item table file");
        return new ModelBundle(manifest, Map.copyOf(vocabularies), layout, model, tables);
    }

    private static List<KnowledgeInput> knowledge(CtrModel model, BundleManifest manifest, List<KnowledgeInput> placeholders) {
        if (model.inputEmbedding() == null) {
            return placeholders;
        }
        List<KnowledgeInput> inputs = new ArrayList<>();
        for (KnowledgeShape shape : manifest.knowledge()) {
            inputs.add(shape.withVectors(model.inputEmbedding().knowledgeVectors(shape.name())));
        }
        return inputs;
    }

    private static <T> T readJson(Path file, TypeReference<T> type, String what) {
        return AtomicFiles.readJson(file, type, what, "is missing; expected a model bundle written by recllm train --save");
    }

    /** The model version the folder's manifest names now (a watcher reloads when it changes); null when absent. */
    public static String currentVersion(Path dir) {
        return Files.exists(dir.resolve(MANIFEST)) ? manifest(dir).modelVersion() : null;
    }

    /** The folder's current manifest alone. */
    public static BundleManifest manifest(Path dir) {
        return readJson(dir.resolve(MANIFEST), new TypeReference<>() {}, "bundle manifest");
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public String version() {
        return manifest.modelVersion();
    }

    public Vocabulary vocabulary(String name) {
        Vocabulary vocabulary = vocabularies.get(name);
        if (vocabulary == null) {
            throw new IllegalArgumentException("no vocabulary '" + name + "' in bundle " + version());
        }
        return vocabulary;
    }

    public FeatureLayout layout() {
        return layout;
    }

    public CtrModel model() {
        return model;
    }

    public EntityTables tables() {
        return tables;
    }
}
