package org.recllm.knowledge.store;

import java.util.Arrays;

/**
 * What a piece of knowledge is about: an item (e.g. a movie), a user, or a cluster of items or of users (the shared
 * taste of a collaborative cluster; its entity id is the cluster's id in the store, see {@link StoredClusters}).
 */
public enum EntityType {
    ITEM("item"), USER("user"), ITEM_CLUSTER("item-cluster"), USER_CLUSTER("user-cluster");

    private final String label;

    EntityType(String label) {
        this.label = label;
    }

    /** The lower-case name used in stores and on the command line. */
    public String label() {
        return label;
    }

    /** Whether this is a cluster type. */
    public boolean isCluster() {
        return this == ITEM_CLUSTER || this == USER_CLUSTER;
    }

    /** The cluster type of a member type (item → item-cluster). */
    public EntityType clusters() {
        return switch (this) {
            case ITEM -> ITEM_CLUSTER;
            case USER -> USER_CLUSTER;
            default -> throw new IllegalArgumentException(label + " has no clusters of its own");
        };
    }

    /** The member type of a cluster type (item-cluster → item). */
    public EntityType members() {
        return switch (this) {
            case ITEM_CLUSTER -> ITEM;
            case USER_CLUSTER -> USER;
            default -> throw new IllegalArgumentException(label + " is not a cluster type");
        };
    }

    /** A label of {@link #values()}; anything else is an {@link IllegalArgumentException} naming them. */
    public static EntityType parse(String label) {
        for (EntityType type : values()) {
            if (type.label.equals(label)) {
                return type;
            }
        }
        throw new IllegalArgumentException("expected one of " + String.join(", ", Arrays.stream(values())
                .map(EntityType::label).toList()) + ", got '" + label + "'");
    }
}
