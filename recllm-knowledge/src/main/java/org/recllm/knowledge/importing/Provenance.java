package org.recllm.knowledge.importing;

/**
 * Who wrote imported text and for what: the model id and scenario recorded with each entry (e.g. "imported", "movies"),
 * and the time window of the data the text was made from (e.g. "u1.base", or "all").
 */
public record Provenance(String modelId, String scenario, String timeWindow) {

    public Provenance {
        requireText("model id", modelId);
        requireText("scenario", scenario);
        requireText("time window", timeWindow);
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
