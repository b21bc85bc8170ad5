package org.recllm.knowledge.store;

/** An entry as a store holds it, with the store's id for it (what embeddings refer to). */
public record StoredEntry(long id, KnowledgeEntry entry) {}
