package org.recllm.cli;

/** A failure whose message tells the user what to do (e.g. pass --data when offline); printed without a trace. */
final class UserFacingException extends RuntimeException {
    UserFacingException(String message, Throwable cause) {
        super(message, cause);
    }
}
