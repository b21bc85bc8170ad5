package org.recllm.knowledge.store;

/**
 * One clustering of users or items on collaborative signals, as stored beside the knowledge.
 *
 * @param method     how the entities were embedded: {@code cf} (a CTR model's ID embeddings) or {@code cooccurrence}
 * @param source     what the vectors came from (a model bundle and version, or a sample store's content id)
 * @param silhouette the mean silhouette on a sample of the entities, null when not measured
 */
public record ClusterRun(EntityType type, String method, String source, int k, double inertia, Double silhouette) {}
