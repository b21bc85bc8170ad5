package org.recllm.spark.cluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToLongFunction;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.recllm.core.cluster.Silhouette;
import org.recllm.core.io.BadInputException;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;
import org.recllm.knowledge.cluster.CollaborativeVectors;
import org.recllm.knowledge.store.ClusterRun;
import org.recllm.knowledge.store.EntityType;
import org.recllm.spark.TaskFailures;
import scala.Tuple2;

/**
 * {@code knowledge cluster --method cooccurrence} as Spark jobs: each task sums the counterparts' signatures over its
 * share of the training rows ({@link CollaborativeVectors#signatureSums}; the sample store must be readable by every
 * executor), the shares are added by entity and normalised — the local command's vectors bit for bit — and MLlib's
 * k-means (k-means|| seeding, then Lloyd iterations, all distributed) clusters them. The silhouette is measured as
 * the local command measures it, on a uniform sample; the assignments come back to the driver for the store (12 bytes
 * an entity). Sums over shares equal the local sums while no entity has 2^24 interactions or more.
 */
public final class DistributedClustering {
    private static final String OWNER = "owner";
    private static final String FEATURES = "features";
    private static final String CLUSTER = "cluster";

    private final SparkSession session;
    private final JavaSparkContext context;
    private final int partitions;
    private final PrintStream log;

    /** What to cluster and how. */
    public record Settings(EntityType type, int dim, int k, int maxIterations, long seed, int silhouetteSample) {
        public Settings {
            if (dim < 1 || dim > CollaborativeVectors.MAX_DIM) {
                throw new BadInputException("--dim", 0, null, "expected 1 to " + CollaborativeVectors.MAX_DIM + ", got " + dim);
            }
            if (k < 2) {
                throw new BadInputException("--k", 0, null, "expected at least 2 clusters, got " + k);
            }
            if (maxIterations < 1) {
                throw new BadInputException("--max-iterations", 0, null, "expected at least 1, got " + maxIterations);
            }
            if (silhouetteSample < 0 || silhouetteSample > Silhouette.MAX_SAMPLE) {
                throw new BadInputException("--silhouette-sample", 0, null, "expected 0 to " + Silhouette.MAX_SAMPLE
                        + ", got " + silhouetteSample);
            }
        }
    }

    /**
     * A clustering: the run as the store records it, each entity's cluster (entity ids ascending by vocabulary id),
     * the cluster sizes, the Lloyd iterations MLlib ran and the seconds k-means took (seeding, iterations and the
     * assignments collected; as the local command counts them, without the vectors).
     */
    public record Result(ClusterRun run, long[] ids, int[] assignments, long[] sizes, int iterations, double seconds) {}

    public DistributedClustering(SparkSession session, int partitions, PrintStream log) {
        this.session = session;
        this.context = JavaSparkContext.fromSparkContext(session.sparkContext());
        this.partitions = partitions;
        this.log = log;
    }

    public Result cluster(Path samples, Settings settings) {
        return TaskFailures.unwrapping(() -> run(samples, settings));
    }

    private Result run(Path samples, Settings settings) {
        long started = System.nanoTime();
        try (SampleStore store = SampleStore.openVerified(samples)) {
            JavaPairRDD<Integer, float[]> vectors = vectors(samples, store.split(Split.TRAIN).rows(), settings)
                    .persist(StorageLevel.MEMORY_AND_DISK_SER());
            long count = vectors.count();
            stage(started, "vectors", String.format(Locale.ROOT, "%,d %ss of %d values", count,
                    settings.type().label(), settings.dim()));
            if (count < settings.k()) {
                throw new BadInputException("--k", 0, null, "only " + count + " " + settings.type().label()
                        + "s have training interactions; k must not exceed that");
            }
            long clustering = System.nanoTime();
            StructType schema = new StructType().add(OWNER, DataTypes.IntegerType).add(FEATURES, SQLDataTypes.VectorType());
            Dataset<Row> rows = session.createDataFrame(vectors.map(v -> RowFactory.create(v._1(), dense(v._2()))), schema);
            // The row solver: MLlib's block solver fails (an index past its centres) when seeding finds fewer
            // distinct centres than k, which entities with the same counterparts make common.
            KMeansModel model = new KMeans().setK(settings.k()).setSeed(settings.seed()).setMaxIter(settings.maxIterations())
                    .setFeaturesCol(FEATURES).setPredictionCol(CLUSTER).setSolver("row").fit(rows);
            Dataset<Row> predicted = model.transform(rows).persist(StorageLevel.MEMORY_AND_DISK_SER());
            stage(started, "k-means", String.format(Locale.ROOT, "%d clusters, %d iterations, inertia %.6g",
                    model.clusterCenters().length, model.summary().numIter(), model.summary().trainingCost()));

            // Straight into arrays: 12 bytes an entity on the driver.
            long[] ids = new long[Math.toIntExact(count)];
            int[] clusters = new int[ids.length];
            IntToLongFunction entityIds = CollaborativeVectors.entityIds(store.schema(), store::vocabulary, settings.type());
            Iterator<Row> assigned = predicted.select(OWNER, CLUSTER).orderBy(OWNER).toLocalIterator();
            for (int i = 0; assigned.hasNext(); i++) {
                Row row = assigned.next();
                ids[i] = entityIds.applyAsLong(row.getInt(0));
                clusters[i] = row.getInt(1);
            }
            int k = model.clusterCenters().length;
            if (k < settings.k()) {
                log.printf(Locale.ROOT, "warning: only %d distinct centres for k = %d (entities with the same "
                        + "counterparts have the same vector); storing %d clusters%n", k, settings.k(), k);
            }
            double seconds = (System.nanoTime() - clustering) / 1e9;
            Double silhouette = settings.silhouetteSample() == 0 ? null : silhouette(predicted, k, settings);
            predicted.unpersist();
            vectors.unpersist();
            ClusterRun run = new ClusterRun(settings.type(), "cooccurrence", CollaborativeVectors.source(store), k,
                    model.summary().trainingCost(), silhouette);
            // MLlib sizes its summary by the k asked for, also when seeding found fewer centres.
            long[] sizes = Arrays.copyOf(model.summary().clusterSizes(), k);
            return new Result(run, ids, clusters, sizes, model.summary().numIter(), seconds);
        }
    }

    /**
     * Each user or item with training interactions (by vocabulary id) and its normalised signature sum, summed over
     * {@code partitions} shares of the {@code rows} training rows.
     */
    JavaPairRDD<Integer, float[]> vectors(Path samples, int rows, Settings settings) {
        List<int[]> shares = new ArrayList<>();
        int count = Math.max(1, Math.min(partitions, rows));
        for (int i = 0; i < count; i++) {
            shares.add(new int[] {(int) ((long) rows * i / count), (int) ((long) rows * (i + 1) / count)});
        }
        String path = samples.toAbsolutePath().toString();
        EntityType type = settings.type();
        int dim = settings.dim();
        long seed = settings.seed();
        return context.parallelize(shares, count).flatMapToPair(share -> {
                    List<Tuple2<Integer, float[]>> partial = new ArrayList<>();
                    try (SampleStore store = SampleStore.open(Path.of(path))) {
                        CollaborativeVectors.SignatureSums sums = CollaborativeVectors.signatureSums(store, type, dim, seed,
                                share[0], share[1]);
                        for (int i = 0; i < sums.owners().length; i++) {
                            float[] sum = new float[dim];
                            System.arraycopy(sums.sums(), i * dim, sum, 0, dim);
                            partial.add(new Tuple2<>(sums.owners()[i], sum));
                        }
                    }
                    return partial.iterator();
                })
                .reduceByKey((a, b) -> {
                    float[] sum = a.clone();
                    for (int d = 0; d < sum.length; d++) {
                        sum[d] += b[d];
                    }
                    return sum;
                }, partitions)
                .mapValues(sum -> {
                    float[] unit = sum.clone();
                    CollaborativeVectors.normalise(unit, 0, unit.length);
                    return unit;
                })
                // In entity order, whatever order the shuffle delivered the shares in: k-means‖ seeding and the
                // silhouette sample draw by position, so the seed fixes the run on any cluster.
                .sortByKey(true, partitions);
    }

    /** The local command's sampled silhouette, on a uniform sample of the clustered vectors. */
    private static double silhouette(Dataset<Row> predicted, int k, Settings settings) {
        List<Row> sample = predicted.select(FEATURES, CLUSTER).javaRDD().takeSample(false, settings.silhouetteSample(),
                settings.seed());
        int dim = settings.dim();
        float[] values = new float[sample.size() * dim];
        int[] clusters = new int[sample.size()];
        for (int i = 0; i < sample.size(); i++) {
            double[] vector = ((Vector) sample.get(i).get(0)).toArray();
            for (int d = 0; d < dim; d++) {
                values[i * dim + d] = (float) vector[d];
            }
            clusters[i] = sample.get(i).getInt(1);
        }
        return Silhouette.sampled(values, sample.size(), dim, clusters, k, sample.size(), settings.seed());
    }

    private static Vector dense(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return Vectors.dense(wide);
    }

    private void stage(long started, String what, String detail) {
        log.printf(Locale.ROOT, "[%6.1fs] %s: %s%n", (System.nanoTime() - started) / 1e9, what, detail);
        log.flush();
    }
}
