package org.recllm.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.recllm.core.io.AtomicFiles;

/** Request bodies read as JSON objects; a body that is not one is refused as field {@code body}. */
public final class JsonBodies {
    private JsonBodies() {}

    /** The body's JSON object; {@code expected} says what it should hold, for the refusal. */
    public static JsonNode object(byte[] body, String expected) {
        JsonNode root;
        try {
            root = AtomicFiles.JSON.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestException("body", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("body", "could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("body", "expected " + expected);
        }
        return root;
    }
}
