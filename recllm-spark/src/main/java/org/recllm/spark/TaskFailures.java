package org.recllm.spark;

import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.recllm.core.io.BadInputException;
import org.recllm.knowledge.store.KnowledgeStoreException;

/**
 * A failure inside a Spark task reaches the driver wrapped in Spark's own exceptions; the user is told the project's
 * exception underneath (a bad line names its file and line), not "Job aborted due to stage failure".
 */
public final class TaskFailures {
    private TaskFailures() {}

    /** Runs a job on the driver; a failure inside it is thrown as {@link #unwrapped}. */
    public static <T> T unwrapping(Supplier<T> job) {
        try {
            return job.get();
        } catch (Exception e) {
            throw unwrapped(e);
        }
    }

    /** The exception to throw for {@code failure}: the project's own one in its causes when there is one. */
    public static RuntimeException unwrapped(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BadInputException || cause instanceof UncheckedIOException
                    || cause instanceof KnowledgeStoreException) {
                return (RuntimeException) cause;
            }
        }
        return failure instanceof RuntimeException runtime ? runtime
                : new IllegalStateException("a Spark job failed: " + failure.getMessage(), failure);
    }
}
