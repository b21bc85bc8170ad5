package org.recllm.knowledge.cluster;

import org.recllm.core.cluster.Clustering;
import org.recllm.core.cluster.KMeans;
import org.recllm.core.cluster.KMeansConfig;
import org.recllm.core.cluster.Silhouette;
import org.recllm.knowledge.store.ClusterRun;

/**
 * k-means over entity vectors, measured: the run as the store records it, each entity's cluster, and the time taken.
 */
public final class EntityClustering {
    /** A clustering of {@code vectors} with its quality (silhouette on up to {@code sample} entities, null if 0). */
    public record Result(ClusterRun run, Clustering clustering, long[] ids, double seconds) {
        public int[] sizes() {
            return clustering.sizes();
        }
    }

    private EntityClustering() {}

    public static Result run(EntityVectors vectors, KMeansConfig config, int silhouetteSample) {
        long start = System.nanoTime();
        Clustering clustering = KMeans.fit(vectors.values(), vectors.ids().length, vectors.dim(), config);
        double seconds = (System.nanoTime() - start) / 1e9;
        Double silhouette = silhouetteSample == 0 ? null : Silhouette.sampled(vectors.values(), vectors.ids().length,
                vectors.dim(), clustering.assignments(), config.k(), silhouetteSample, config.seed());
        ClusterRun run = new ClusterRun(vectors.type(), vectors.method(), vectors.source(), config.k(), clustering.inertia(),
                silhouette);
        return new Result(run, clustering, vectors.ids(), seconds);
    }
}
