package org.recllm.knowledge.backend;

/**
 * A model that did not answer: a server error after the retries, a request the server refused, a prompt that does not
 * fit the model. In a batch it names the conversation that failed.
 */
public final class BackendException extends RuntimeException {
    private final int conversation;

    public BackendException(String message, Throwable cause) {
        this(message, cause, -1);
    }

    private BackendException(String message, Throwable cause, int conversation) {
        super(message, cause);
        this.conversation = conversation;
    }

    /** The same failure, as that of conversation {@code index} of a batch. */
    public BackendException inConversation(int index) {
        return new BackendException(getMessage(), getCause(), index);
    }

    /** The batch index of the conversation that failed, or -1 outside a batch. */
    public int conversation() {
        return conversation;
    }
}
