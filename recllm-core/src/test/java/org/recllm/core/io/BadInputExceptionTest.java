package org.recllm.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BadInputExceptionTest {

    @Test
    void messageNamesSourceLineAndField() {
        var e = new BadInputException("u.data", 12, "rating", "expected 1 to 5, got 9");
        assertEquals("u.data:12: field 'rating': expected 1 to 5, got 9", e.getMessage());
        assertEquals("u.data", e.source());
        assertEquals(12, e.line());
        assertEquals("rating", e.field());
    }

    @Test
    void lineZeroAndNoFieldAreLeftOut() {
        var e = new BadInputException(Path.of("data", "u.item"), "file not found");
        assertEquals(Path.of("data", "u.item") + ": file not found", e.getMessage());
        assertEquals(0, e.line());
        assertNull(e.field());
    }

    @Test
    void keepsItsCause() {
        var cause = new java.io.IOException("boom");
        var e = new BadInputException("x.csv", 3, null, "read failed", cause);
        assertEquals("x.csv:3: read failed", e.getMessage());
        assertSame(cause, e.getCause());
    }
}
