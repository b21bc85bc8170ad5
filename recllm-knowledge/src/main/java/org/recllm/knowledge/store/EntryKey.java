package org.recllm.knowledge.store;

import java.nio.charset.StandardCharsets;
import org.recllm.core.io.Checksums;

/**
 * What identifies one piece of knowledge: the entity, the scenario it was asked for, the prompt (by hash), the model
 * that answered, and the time window whose data the prompt was built from. Asking again with any of these changed is a
 * different entry, so answers from several models or windows live side by side.
 */
public record EntryKey(EntityType entityType, long entityId, String scenario, String promptHash, String modelId,
                       String timeWindow) {
    /**
     * The prompt of every imported text. Another project asked its own question; which file carried the answer is
     * provenance, not identity, so importing the same texts under another file name finds the same entries. Texts of
     * another kind about the same entities are told apart by their scenario.
     */
    public static final String IMPORTED_PROMPT = "imported text";

    public EntryKey {
        if (entityType == null) {
            throw new IllegalArgumentException("entity type is required");
        }
        requireText("scenario", scenario);
        requireText("prompt hash", promptHash);
        requireText("model id", modelId);
        requireText("time window", timeWindow);
    }

    /** The key of {@code prompt} asked about an entity. */
    public static EntryKey of(EntityType entityType, long entityId, String scenario, String prompt, String modelId,
                              String timeWindow) {
        return new EntryKey(entityType, entityId, scenario, hash(prompt), modelId, timeWindow);
    }

    /** SHA-256 of the prompt's UTF-8 bytes, in hex. */
    public static String hash(String prompt) {
        return Checksums.sha256(prompt.getBytes(StandardCharsets.UTF_8));
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
