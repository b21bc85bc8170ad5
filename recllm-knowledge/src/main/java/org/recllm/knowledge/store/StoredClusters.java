package org.recllm.knowledge.store;

import java.time.Instant;

/**
 * A stored clustering: its version (newer versions have larger numbers), what made it, each entity's cluster, and the
 * store's id of each cluster ({@code clusterIds[c]} for cluster c: what knowledge about the cluster is keyed by).
 */
public record StoredClusters(long version, ClusterRun run, Instant createdAt, long[] entityIds, int[] clusters,
                             long[] clusterIds) {

    public StoredClusters {
        if (entityIds.length != clusters.length) {
            throw new IllegalArgumentException(entityIds.length + " entities with " + clusters.length + " clusters");
        }
        if (clusterIds.length != run.k()) {
            throw new IllegalArgumentException(clusterIds.length + " cluster ids for k = " + run.k());
        }
    }

    /** The members of each cluster, by entity id in ascending order. */
    public long[][] members() {
        int[] sizes = new int[run.k()];
        for (int cluster : clusters) {
            sizes[cluster]++;
        }
        long[][] members = new long[run.k()][];
        for (int c = 0; c < members.length; c++) {
            members[c] = new long[sizes[c]];
        }
        int[] filled = new int[run.k()];
        for (int i = 0; i < entityIds.length; i++) {
            members[clusters[i]][filled[clusters[i]]++] = entityIds[i];
        }
        for (long[] cluster : members) {
            java.util.Arrays.sort(cluster);
        }
        return members;
    }
}
