package org.recllm.llm.tokenizer;

import java.util.Objects;
import java.util.Set;

/** One turn of a chat: its role ("system", "user" or "assistant") and its text. */
public record Message(String role, String content) {
    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    private static final Set<String> ROLES = Set.of(SYSTEM, USER, ASSISTANT);

    public Message {
        Objects.requireNonNull(content, "content");
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("message role '" + role + "' is none of " + ROLES);
        }
    }

    public static Message system(String content) {
        return new Message(SYSTEM, content);
    }

    public static Message user(String content) {
        return new Message(USER, content);
    }

    public static Message assistant(String content) {
        return new Message(ASSISTANT, content);
    }
}
