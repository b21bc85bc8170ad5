package org.recllm.serve;

/** A request a server refuses with 400: {@code field} names where in the body the problem is (e.g. {@code candidates[3].item_id}). */
public final class BadRequestException extends RuntimeException {
    private final String field;

    public BadRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
