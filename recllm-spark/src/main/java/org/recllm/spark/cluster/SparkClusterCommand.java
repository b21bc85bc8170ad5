package org.recllm.spark.cluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.cluster.ClusterSummary;
import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.JdbcKnowledgeStore;
import org.recllm.knowledge.store.StoreLocation;
import org.recllm.knowledge.store.StoredClusters;
import org.recllm.spark.SparkOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recllm spark cluster}: {@code knowledge cluster --method cooccurrence} with vectors and k-means on Spark. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Cluster users or items on a random projection of the training interactions, with the vectors "
                + "summed on executors and MLlib's k-means; store the assignments in the knowledge store as a new "
                + "version, as knowledge cluster does.")
public final class SparkClusterCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark;

    @Option(names = "--store", required = true, paramLabel = "STORE",
            description = "Knowledge store (written by the driver): a SQLite file or a jdbc:postgresql:// URL; created when absent.")
    String store;

    @Option(names = "--samples", required = true, paramLabel = "DIR",
            description = "Sample store of the interactions, on a file system every executor can read.")
    Path samples;

    @Option(names = "--entities", required = true, paramLabel = "users|items", description = "What to cluster.")
    String entities;

    @Option(names = "--k", required = true, paramLabel = "K", description = "Number of clusters.")
    int k;

    @Option(names = "--dim", defaultValue = "64", paramLabel = "D", description = "Projection width. Default: ${DEFAULT-VALUE}.")
    int dim;

    @Option(names = "--max-iterations", defaultValue = "20", paramLabel = "N",
            description = "Most Lloyd iterations after k-means|| seeding. Default: ${DEFAULT-VALUE}.")
    int maxIterations;

    @Option(names = "--silhouette-sample", defaultValue = "2000", paramLabel = "N",
            description = "Entities the silhouette is measured on (0: not measured). Default: ${DEFAULT-VALUE}.")
    int silhouetteSample;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the projection and of k-means. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--report", paramLabel = "R.json", description = "Also write the run and the cluster sizes as JSON.")
    Path report;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        EntityType type = switch (entities) {
            case "users" -> EntityType.USER;
            case "items" -> EntityType.ITEM;
            default -> throw new BadInputException("--entities", 0, null, "expected users or items, got '" + entities + "'");
        };
        DistributedClustering.Settings settings = new DistributedClustering.Settings(type, dim, k, maxIterations, seed,
                silhouetteSample);
        StoreLocation location = StoreLocation.parse(store);
        // Opened (created, checked, migrated) before the work, so a store that cannot be written fails first.
        try (JdbcKnowledgeStore knowledge = location.open()) {
            DistributedClustering.Result result = spark.run("cluster", session ->
                    new DistributedClustering(session, spark.partitions(session), System.err).cluster(samples, settings));
            StoredClusters stored = knowledge.putClusters(result.run(), result.ids(), result.assignments());
            var out = spec.commandLine().getOut();
            out.print(ClusterSummary.table(entities, result.ids().length, dim, result.run(), result.sizes(), result.seconds()));
            out.printf(Locale.ROOT, "stored as version %d of the %s clusters in %s%n", stored.version(), type.label(), location);
            if (report != null) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("version", stored.version());
                json.put("run", result.run());
                json.put("entities", result.ids().length);
                json.put("dim", dim);
                json.put("seconds", result.seconds());
                json.put("iterations", result.iterations());
                json.put("sizes", result.sizes());
                AtomicFiles.writeJson(report, json);
            }
        }
        return 0;
    }
}
