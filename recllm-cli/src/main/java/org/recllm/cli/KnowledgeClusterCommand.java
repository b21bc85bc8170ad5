package org.recllm.cli;

import org.recllm.knowledge.store.StoreLocation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recllm.core.cluster.KMeansConfig;
import org.recllm.core.cluster.Silhouette;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.core.progress.Progress;
import org.recllm.ctr.graph.LightGcn;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.cluster.ClusterSummary;
import org.recllm.knowledge.cluster.CollaborativeVectors;
import org.recllm.knowledge.cluster.EntityClustering;
import org.recllm.knowledge.cluster.EntityVectors;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.StoredClusters;
import org.recllm.serve.bundle.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recllm knowledge cluster}: users or items clustered on collaborative signals, stored beside the knowledge as a
 * new version (the groups that cluster prompts describe).
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Cluster users or items on collaborative signals (a CTR model's ID embeddings, LightGCN embeddings "
                + "trained on the interaction graph, or a random projection of the training interactions) by k-means, report sizes and silhouette, and store the assignments in "
                + "the knowledge store as a new version.")
final class KnowledgeClusterCommand implements Callable<Integer> {
    private static final int DEFAULT_DIM = 64;

    @Option(names = "--store", required = true, paramLabel = "STORE",
            description = "Knowledge store: a SQLite file or a jdbc:postgresql:// URL; created when absent.")
    StoreLocation store;

    @Option(names = "--samples", required = true, paramLabel = "DIR", description = "Sample store of the interactions.")
    Path samples;

    @Option(names = "--entities", required = true, paramLabel = "users|items", description = "What to cluster.")
    String entities;

    @Option(names = "--k", required = true, paramLabel = "K", description = "Number of clusters.")
    int k;

    @Option(names = "--method", defaultValue = "cooccurrence", paramLabel = "cf|lightgcn|cooccurrence",
            description = "cf: the ID embeddings of --model; lightgcn: a LightGCN trained here on the training "
                    + "interactions (BPR loss); cooccurrence: a random projection of the training interactions. "
                    + "Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--layers", defaultValue = "3", paramLabel = "L", description = "LightGCN propagation layers. "
            + "Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N", description = "LightGCN passes over the "
            + "interactions. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--model", paramLabel = "DIR", description = "For cf: a bundle of `recllm train --save` on these samples.")
    Path model;

    @Option(names = "--dim", paramLabel = "D", description = "Embedding width for lightgcn, projection width for "
            + "cooccurrence. Default: 64.")
    Integer dim;

    @Option(names = "--batch", defaultValue = "1024", paramLabel = "B", description = "Mini-batch size of k-means; 0 runs "
            + "full Lloyd passes. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--silhouette-sample", defaultValue = "2000", paramLabel = "N", description = "Entities the silhouette "
            + "is measured on (0: not measured). Default: ${DEFAULT-VALUE}.")
    int silhouetteSample;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the projection and of k-means. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--report", paramLabel = "R.json", description = "Also write the run and the cluster sizes as JSON.")
    Path report;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private EntityType type;

    @Override
    public Integer call() {
        type = switch (entities) {
            case "users" -> EntityType.USER;
            case "items" -> EntityType.ITEM;
            default -> throw new BadInputException("--entities", 0, null, "expected users or items, got '" + entities + "'");
        };
        CorpusTrainingOptions.requirePositive(k, "--k");
        OptionInputs.require(dim == null || (dim >= 1 && dim <= CollaborativeVectors.MAX_DIM), "--dim",
                "expected 1 to " + CollaborativeVectors.MAX_DIM + ", got " + dim);
        OptionInputs.require(dim == null || model == null, "--dim", "cf takes the model's own embedding width");
        OptionInputs.require(batch >= 0, "--batch", "expected 0 (Lloyd) or a positive batch, got " + batch);
        OptionInputs.require(silhouetteSample >= 0 && silhouetteSample <= Silhouette.MAX_SAMPLE, "--silhouette-sample",
                "expected 0 to " + Silhouette.MAX_SAMPLE + ", got " + silhouetteSample);
        OptionInputs.require(method.equals("cf") || method.equals("lightgcn") || method.equals("cooccurrence"),
                "--method", "expected cf, lightgcn or cooccurrence, got '" + method + "'");
        OptionInputs.require(layers >= 0 && layers <= 8, "--layers", "expected 0 to 8, got " + layers);
        CorpusTrainingOptions.requirePositive(epochs, "--epochs");
        OptionInputs.require(method.equals("cf") == (model != null), "--model",
                method.equals("cf") ? "cf clusters a model's ID embeddings: give its bundle" : "a model is read only by --method cf");
        if (report != null) {
            Outputs.requireWritable(report, "--report");
        }
        KMeansConfig config = batch == 0 ? KMeansConfig.lloyd(k, seed) : KMeansConfig.miniBatch(k, seed).withBatchSize(batch);
        // The store is opened (created, checked, migrated) before the work, so a store it cannot write fails first.
        record Outcome(EntityVectors vectors, EntityClustering.Result result, StoredClusters stored) {}
        Outcome outcome = WritableKnowledgeStore.use(store, knowledge -> {
            EntityVectors entityVectors = OptionInputs.naming(Map.of(CollaborativeVectors.SOURCE_SAMPLES, "--samples",
                    CollaborativeVectors.SOURCE_MODEL, "--model"), this::vectors);
            OptionInputs.require(entityVectors.ids().length >= k, "--k", "only " + entityVectors.ids().length + " "
                    + entities + " have vectors; k must not exceed that");
            EntityClustering.Result clustered = EntityClustering.run(entityVectors, config, silhouetteSample);
            return new Outcome(entityVectors, clustered, knowledge.putClusters(clustered.run(), clustered.ids(),
                    clustered.clustering().assignments()));
        });
        EntityVectors vectors = outcome.vectors();
        EntityClustering.Result result = outcome.result();
        StoredClusters stored = outcome.stored();
        int[] sizes = result.sizes();
        var out = spec.commandLine().getOut();
        out.print(ClusterSummary.table(entities, vectors.ids().length, vectors.dim(), result.run(),
                Arrays.stream(sizes).asLongStream().toArray(), result.seconds()));
        out.printf(Locale.ROOT, "stored as version %d of the %s clusters in %s%n", stored.version(), type.label(), store);
        if (report != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("version", stored.version());
            json.put("run", result.run());
            json.put("entities", vectors.ids().length);
            json.put("dim", vectors.dim());
            json.put("batch", batch);
            json.put("seconds", result.seconds());
            json.put("iterations", result.clustering().iterations());
            json.put("sizes", sizes);
            AtomicFiles.writeJson(report, json);
        }
        return 0;
    }

    /** The entity vectors of the chosen method. */
    private EntityVectors vectors() {
        try (SampleStore samplesStore = SampleStore.openVerified(samples)) {
            if (method.equals("lightgcn")) {
                LightGcn.Config defaults = LightGcn.Config.defaults();
                LightGcn.Config config = new LightGcn.Config(dim == null ? DEFAULT_DIM : dim, layers, epochs,
                        defaults.batch(), defaults.learningRate(), defaults.regularization(), seed);
                long triples = (long) epochs * samplesStore.split(org.recllm.data.protocol.Split.TRAIN).rows();
                try (Progress progress = Progress.start("lightgcn", "triples", triples)) {
                    return CollaborativeVectors.fromLightGcn(samplesStore, type, config, progress);
                }
            }
            if (model == null) {
                return CollaborativeVectors.fromInteractions(samplesStore, type, dim == null ? DEFAULT_DIM : dim, seed);
            }
            ModelBundle bundle = ModelBundle.load(model);
            OptionInputs.require(samplesStore.contentId().equals(bundle.manifest().samplesId()), "--model",
                    "the model at " + model + " was trained on other samples (" + bundle.manifest().samplesId() + ")");
            return CollaborativeVectors.fromModel(bundle.model(), bundle.layout(), bundle.manifest().schema(),
                    bundle::vocabulary, type, model.toAbsolutePath().normalize() + "@" + bundle.version());
        }
    }

}
