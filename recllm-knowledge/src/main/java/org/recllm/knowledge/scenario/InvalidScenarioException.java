package org.recllm.knowledge.scenario;

/** A scenario that cannot be used, naming the field at fault as a scenario file spells it (e.g. {@code item_prompt}). */
public final class InvalidScenarioException extends IllegalArgumentException {
    private final String field;
    private final String problem;

    public InvalidScenarioException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    /** What is wrong, without the field's name. */
    public String problem() {
        return problem;
    }
}
