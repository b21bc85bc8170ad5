package org.recllm.data.schema;

/** How a field's values are stored and fed to a model. */
public enum FieldKind {
    /** One vocabulary id per row. */
    CATEGORICAL,
    /** Up to {@code width} vocabulary ids per row, right-padded with {@link Vocabulary#PADDING}. */
    MULTI_HOT,
    /** One float per row. */
    NUMERIC,
    /** One element of a behaviour sequence: {@code width} vocabulary ids per row, left-padded, oldest first. */
    SEQUENCE
}
