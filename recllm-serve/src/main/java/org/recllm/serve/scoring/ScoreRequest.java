package org.recllm.serve.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One scoring request, parsed and checked: a user (raw id and any raw attributes), optionally their recent behaviour
 * (oldest first; null means the bundle's last known history), the candidates in the order scores are returned, and
 * optional raw values of context fields.
 */
public record ScoreRequest(String userId, ObjectNode user, List<Event> history, List<Candidate> candidates,
                           ObjectNode context) {

    public ScoreRequest {
        candidates = List.copyOf(candidates);
        history = history == null ? null : List.copyOf(history);
    }

    /** One earlier interaction: the item's raw id and its label (1 when the request gives only the id). */
    public record Event(String itemId, int label) {}

    /** A candidate item: its raw id and any raw attributes that override the bundle's item table. */
    public record Candidate(String itemId, ObjectNode attributes) {}
}
