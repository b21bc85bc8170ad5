package org.recllm.data.protocol;

/** The three parts every protocol produces; {@link #id()} names files and columns. */
public enum Split {
    TRAIN("train"),
    VALID("valid"),
    TEST("test");

    private final String id;

    Split(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
