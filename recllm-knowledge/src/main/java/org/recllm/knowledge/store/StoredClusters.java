package org.recllm.knowledge.store;

import java.time.Instant;

/** A stored clustering: its version (newer versions have larger numbers), what made it, and each entity's cluster. */
public record StoredClusters(long version, ClusterRun run, Instant createdAt, long[] entityIds, int[] clusters) {

    public StoredClusters {
        if (entityIds.length != clusters.length) {
            throw new IllegalArgumentException(entityIds.length + " entities with " + clusters.length + " clusters");
        }
    }
}
