package org.recllm.data.testing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;
import org.recllm.core.io.BadInputException;

/** Asserts that bad input is reported with the file, the line and the field a user needs to fix it. */
public final class BadInputAssertions {
    private BadInputAssertions() {}

    /**
     * Runs {@code call}, expects a {@link BadInputException} whose message starts with {@code file:line: field 'f': }
     * ({@code line} 0 leaves out the line, a null {@code field} the field), and whose message contains every one of
     * {@code problem}.
     */
    public static BadInputException assertBadInput(Executable call, Path file, long line, String field, String... problem) {
        BadInputException e = assertThrows(BadInputException.class, call);
        String message = e.getMessage();
        StringBuilder prefix = new StringBuilder(file.toString());
        if (line > 0) {
            prefix.append(':').append(line);
        }
        if (field != null) {
            prefix.append(": field '").append(field).append('\'');
        }
        prefix.append(": ");
        assertAll(
                () -> assertTrue(message.startsWith(prefix.toString()),
                        () -> "expected the message to start with <" + prefix + ">, got <" + message + ">"),
                () -> assertEquals(file.toString(), e.source(), "source"),
                () -> assertEquals(line, e.line(), "line"),
                () -> assertEquals(field, e.field(), "field"),
                () -> {
                    if (field == null) {
                        assertFalse(message.contains("field '"), () -> "expected no field in <" + message + ">");
                    }
                },
                () -> {
                    for (String part : problem) {
                        assertTrue(message.contains(part), () -> "expected <" + part + "> in <" + message + ">");
                    }
                });
        return e;
    }
}
