package org.recllm.knowledge.prompt;

import org.recllm.knowledge.store.EntityType;
import org.recllm.knowledge.store.EntryKey;

/**
 * The prompt asking about one entity, and the data window it was built from (recorded in the entry's key, so
 * prompts built from different windows never overwrite each other).
 */
public record EntityPrompt(EntityType entityType, long entityId, String timeWindow, String text) {

    public EntityPrompt {
        if (entityType == null || timeWindow == null || text == null) {
            throw new IllegalArgumentException("entity type, time window and text are required");
        }
    }

    /** The key under which {@code modelId}'s answer to this prompt in {@code scenario} is stored. */
    public EntryKey key(String scenario, String modelId) {
        return EntryKey.of(entityType, entityId, scenario, text, modelId, timeWindow);
    }

    /** "item 42" or "user 7", for messages. */
    public String entity() {
        return entityType.label() + " " + entityId;
    }
}
