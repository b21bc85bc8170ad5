package org.recllm.llm.model;

/**
 * A KV cache that could not be allocated: refused before allocating, so the caller can ask for fewer positions or run
 * with more memory instead of dying of an OutOfMemoryError.
 */
public final class CacheTooLargeException extends RuntimeException {
    CacheTooLargeException(String message) {
        super(message);
    }
}
