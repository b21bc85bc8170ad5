package org.recllm.data.store;

/** Names of the columns every sample store has besides its fields. */
public final class Columns {
    /** The 0/1 label, float32. */
    public static final String LABEL = "label";
    /** Raw dataset ids and the rating's time and value, for analysis (group AUC, popularity breakdowns). */
    public static final String USER = "meta_user";
    public static final String ITEM = "meta_item";
    public static final String TIMESTAMP = "meta_timestamp";
    public static final String RATING = "meta_rating";

    private Columns() {}
}
