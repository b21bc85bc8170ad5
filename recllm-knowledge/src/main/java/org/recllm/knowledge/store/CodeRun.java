package org.recllm.knowledge.store;

/**
 * One residual k-means quantisation of the knowledge vectors of items or users, as stored beside the knowledge.
 *
 * @param encoderId the encoder whose vectors were quantised
 * @param modelId   whose texts (plus metadata fallbacks) were chosen, or null for any model's
 * @param codebooks levels × k × dimension centroids, so that new vectors can be given codes by the same rule
 * @param inertia   after each level, the squared error still unexplained, summed over the entities
 */
public record CodeRun(EntityType type, String encoderId, String modelId, int levels, int k, int dimension,
                      float[] codebooks, double[] inertia) {

    public CodeRun {
        if (type.isCluster()) {
            throw new IllegalArgumentException("codes are made for items and users, not for " + type.label());
        }
        if (levels < 1 || k < 1 || dimension < 1 || codebooks.length != (long) levels * k * dimension
                || inertia.length != levels) {
            throw new IllegalArgumentException("a code run needs " + levels + " levels of " + k + " centroids of "
                    + dimension + " values and an inertia per level");
        }
    }
}
