package org.recllm.knowledge.store;

/** What writing an entry did to the store. */
public enum Upsert {
    /** The key was new. */
    INSERTED,
    /** The key existed with other content; its embeddings were dropped since they encode the old answer. */
    UPDATED,
    /** The key existed with the same content; nothing was written. */
    UNCHANGED
}
