package org.recllm.knowledge.backend;

/** Receives each answer of a batch as soon as it is there, possibly from several threads at once. */
@FunctionalInterface
public interface CompletionSink {
    /** The answer to conversation {@code index} of the batch. */
    void accept(int index, Completion completion);
}
