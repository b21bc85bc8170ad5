package org.recllm.serve.scoring;

import org.recllm.serve.BadRequestException;
import org.recllm.serve.JsonBodies;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a scoring request body: {@code {"user": {"<user id field>": …, attributes…}, "history": [ids or
 * {"<item id field>": …, "label": 0|1}…], "candidates": [{"<item id field>": …, attributes…}…], "context": {…}}},
 * with the id field names of the bundle's schema. Every refusal names the field at fault.
 */
public final class ScoreRequests {
    private final String userIdField;
    private final String itemIdField;
    private final int maxCandidates;

    public ScoreRequests(String userIdField, String itemIdField, int maxCandidates) {
        this.userIdField = userIdField;
        this.itemIdField = itemIdField;
        this.maxCandidates = maxCandidates;
    }

    public ScoreRequest parse(byte[] body) {
        JsonNode root = JsonBodies.object(body, "a JSON object with \"user\" and \"candidates\"");
        ObjectNode user = object(root, "user", true);
        String userId = id(user, userIdField, "user." + userIdField);
        List<ScoreRequest.Event> history = root.has("history") && !root.get("history").isNull() ? history(root.get("history")) : null;
        JsonNode list = root.get("candidates");
        if (list == null || list.isNull()) {
            throw new BadRequestException("candidates", "missing; expected a list of {\"" + itemIdField + "\": …} objects");
        }
        if (!list.isArray()) {
            throw new BadRequestException("candidates", "expected a list, got " + list.getNodeType().name().toLowerCase());
        }
        if (list.isEmpty() || list.size() > maxCandidates) {
            throw new BadRequestException("candidates", "has " + list.size() + " items; expected 1 to " + maxCandidates);
        }
        List<ScoreRequest.Candidate> candidates = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String path = "candidates[" + i + "]";
            if (!node.isObject()) {
                throw new BadRequestException(path, "expected an object with \"" + itemIdField + "\"");
            }
            candidates.add(new ScoreRequest.Candidate(id(node, itemIdField, path + "." + itemIdField), (ObjectNode) node));
        }
        return new ScoreRequest(userId, user, history, candidates, object(root, "context", false));
    }

    private List<ScoreRequest.Event> history(JsonNode list) {
        if (!list.isArray()) {
            throw new BadRequestException("history", "expected a list of item ids, oldest first");
        }
        List<ScoreRequest.Event> events = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String path = "history[" + i + "]";
            if (node.isObject()) {
                JsonNode label = node.get("label");
                if (label != null && !(label.isInt() && (label.asInt() == 0 || label.asInt() == 1))) {
                    throw new BadRequestException(path + ".label", "expected 0 or 1, got " + label);
                }
                events.add(new ScoreRequest.Event(id(node, itemIdField, path + "." + itemIdField),
                        label == null ? 1 : label.asInt()));
            } else {
                events.add(new ScoreRequest.Event(idValue(node, path), 1));
            }
        }
        return events;
    }

    private static ObjectNode object(JsonNode root, String name, boolean required) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw new BadRequestException(name, "missing; expected an object");
            }
            return null;
        }
        if (!node.isObject()) {
            throw new BadRequestException(name, "expected an object, got " + node.getNodeType().name().toLowerCase());
        }
        return (ObjectNode) node;
    }

    private static String id(JsonNode owner, String field, String path) {
        JsonNode node = owner.get(field);
        if (node == null || node.isNull()) {
            throw new BadRequestException(path, "missing");
        }
        return idValue(node, path);
    }

    /** An id as the dataset writes it: a string, or a whole number. */
    private static String idValue(JsonNode node, String path) {
        if (node.isTextual() && !node.asText().isEmpty()) {
            return node.asText();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        throw new BadRequestException(path, "expected an id (a string or a whole number), got " + node);
    }
}
