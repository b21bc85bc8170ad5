package org.recllm.knowledge.store;

/** A store that could not be read or written (locked, full disk, broken file), naming the store file. */
public class KnowledgeStoreException extends RuntimeException {
    public KnowledgeStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
