package org.recllm.llm.model;

/**
 * Weights whose products depend on which sequence a row belongs to (a RecLoRA bank routes its adapters by each
 * sequence's user representation): before every pass the transformer hands over each sequence's condition for the
 * rows it occupies, and a sequence without one is refused.
 */
public interface RowConditioning {
    /** Rows {@code [firstRow, firstRow + count)} of the coming pass belong to a sequence with {@code condition}. */
    void assign(int firstRow, int count, float[] condition);
}
