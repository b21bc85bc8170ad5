package org.recllm.knowledge.store;

import java.util.List;

/** What a store holds: entries grouped by type, scenario and model, and how many of them each encoder covers. */
public record KnowledgeStatistics(List<Group> groups, List<Encoded> encoders) {

    public KnowledgeStatistics {
        groups = List.copyOf(groups);
        encoders = List.copyOf(encoders);
    }

    /** Entries of one entity type, scenario and model, with their token totals. */
    public record Group(EntityType entityType, String scenario, String modelId, long entries, long promptTokens,
                        long completionTokens) {}

    /** Embeddings of one encoder: how many entries it covers, and its vectors' dimension. */
    public record Encoded(String encoderId, int dimension, long entries) {}

    public long entries() {
        return groups.stream().mapToLong(Group::entries).sum();
    }
}
