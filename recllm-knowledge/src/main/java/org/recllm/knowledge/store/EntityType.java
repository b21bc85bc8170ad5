package org.recllm.knowledge.store;

import java.util.Locale;

/** What a piece of knowledge is about: an item (e.g. a movie) or a user. */
public enum EntityType {
    ITEM, USER;

    /** The lower-case name used in stores and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code item} or {@code user}; anything else is an {@link IllegalArgumentException} naming both. */
    public static EntityType parse(String label) {
        for (EntityType type : values()) {
            if (type.label().equals(label)) {
                return type;
            }
        }
        throw new IllegalArgumentException("expected item or user, got '" + label + "'");
    }
}
