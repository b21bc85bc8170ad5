package org.recllm.data.schema;

/**
 * What a field means to a recommender, so that models, knowledge joins and serving find the user, the target item and
 * the behaviour sequence by role rather than by a dataset's column names.
 */
public enum FieldRole {
    /** The user's id: at most one field, categorical. User knowledge is keyed by it. */
    USER_ID,
    /** The target item's id: at most one field, categorical. Item knowledge is keyed by it. */
    ITEM_ID,
    /** An attribute of the user (e.g. age, occupation). */
    USER_ATTRIBUTE,
    /** An attribute of the target item (e.g. genres, release year): with the item id, the target of attention. */
    ITEM_ATTRIBUTE,
    /** Anything else about the request (e.g. time, device, a Criteo-style anonymous field). */
    CONTEXT,
    /** One element of a behaviour sequence; {@link FieldSpec#alignedWith} names the target field it mirrors. */
    BEHAVIOUR
}
