package org.recllm.knowledge.cluster;

import org.recllm.knowledge.store.EntityType;

/**
 * One vector per user or item on collaborative signals, for clustering: {@code values} [ids × dim].
 *
 * @param method how the vectors were made ({@code cf}, {@code lightgcn} or {@code cooccurrence})
 * @param source what they were made from (a model bundle and version, or a sample store's content id)
 */
public record EntityVectors(EntityType type, String method, String source, long[] ids, int dim, float[] values) {

    public EntityVectors {
        if (values.length != (long) ids.length * dim) {
            throw new IllegalArgumentException(ids.length + " entities of " + dim + " values need "
                    + (long) ids.length * dim + " values, got " + values.length);
        }
    }
}
