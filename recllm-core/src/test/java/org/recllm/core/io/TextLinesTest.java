package org.recllm.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.core.io.Csv.concat;
import static org.recllm.core.io.Csv.file;
import static org.recllm.core.io.Csv.utf8;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLinesTest {
    private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;
    private static final Charset UTF_8 = StandardCharsets.UTF_8;

    @TempDir
    Path dir;

    private static List<String> lines(Path file, Charset charset) {
        try (TextLines in = TextLines.open(file, charset)) {
            List<String> lines = new ArrayList<>();
            for (String line = in.next(); line != null; line = in.next()) {
                assertEquals(lines.size() + 1, in.lineNumber());
                lines.add(line);
            }
            return lines;
        }
    }

    private static void assertRejectedAt(Path file, Charset charset, long line, String problem) {
        var e = assertThrows(BadInputException.class, () -> lines(file, charset));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void numbersLinesAndStripsLfAndCrlf() {
        Path file = file(dir, "1|Toy Story\r\n2|GoldenEye\n\n4|last");
        assertEquals(List.of("1|Toy Story", "2|GoldenEye", "", "4|last"), lines(file, UTF_8));
    }

    @Test
    void errorNamesTheLineLastReturned() {
        try (TextLines in = TextLines.open(file(dir, "a\nb\n"), UTF_8)) {
            assertEquals(0, in.lineNumber());
            in.next();
            in.next();
            assertNull(in.next());
            BadInputException e = in.error("genre", "unknown genre");
            assertEquals(in.source() + ":2: field 'genre': unknown genre", e.getMessage());
        }
    }

    @Test
    void latin1AcceptsEveryByteButNul() {
        byte[] bytes = new byte[253];
        int at = 0;
        for (int b = 1; b <= 255; b++) {
            if (b != '\n' && b != '\r') {
                bytes[at++] = (byte) b;
            }
        }
        String line = lines(file(dir, bytes), LATIN_1).getFirst();
        assertEquals(253, line.length());
        for (int i = 0; i < bytes.length; i++) {
            assertEquals(bytes[i] & 0xFF, line.charAt(i));
        }
    }

    @Test
    void latin1RejectsNulNamingItsLine() {
        assertRejectedAt(file(dir, new byte[] {'a', '\n', 'b', 0, 'c', '\n'}), LATIN_1, 2, "NUL byte");
    }

    @Test
    void latin1RejectsAUtf8ByteOrderMarkAtTheStart() {
        Path file = file(dir, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("1|Toy Story\n")));
        assertRejectedAt(file, LATIN_1, 1, "UTF-8 byte-order mark");
    }

    @Test
    void latin1AcceptsTheSameBytesAfterTheFirstLine() {
        Path file = file(dir, concat(utf8("a\n"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}));
        assertEquals(List.of("a", "\u00EF\u00BB\u00BF"), lines(file, LATIN_1));
    }

    @Test
    void utf8DecodesMultiByteCharacters() {
        Path file = file(dir, "Am\u00e9lie (2001)\n\u5343\u3068\u5343\u5c0b \ud83c\udfac\n");
        assertEquals(List.of("Am\u00e9lie (2001)", "\u5343\u3068\u5343\u5c0b \ud83c\udfac"), lines(file, UTF_8));
    }

    @Test
    void utf8RejectsInvalidBytesNamingTheirLine() {
        assertRejectedAt(file(dir, concat(utf8("a\nb\nc"), new byte[] {(byte) 0xE9}, utf8("\nd\n"))), UTF_8, 3,
                "not valid UTF-8");
    }

    @Test
    void utf8RejectsInvalidBytesFarIntoALargeFile() {
        Path file = file(dir, concat(utf8(Csv.manyLines(9_000)), new byte[] {(byte) 0x80}, utf8("\n")));
        assertRejectedAt(file, UTF_8, 9_001, "not valid UTF-8");
    }

    @Test
    void utf8RejectsOverlongEncodingsAndTruncatedSequences() {
        // C0 AF is an overlong '/'; a lone E6 at the end of the file is a cut-off three-byte sequence.
        assertRejectedAt(file(dir, new byte[] {'x', (byte) 0xC0, (byte) 0xAF, '\n'}), UTF_8, 1, "not valid UTF-8");
        assertRejectedAt(file(dir, new byte[] {'x', '\n', 'y', (byte) 0xE6}), UTF_8, 2, "not valid UTF-8");
    }

    @Test
    void utf8RejectsNul() {
        assertRejectedAt(file(dir, "ok\nbad\u0000\n"), UTF_8, 2, "NUL byte");
    }

    @Test
    void missingFileIsReportedAsSuch() {
        Path missing = dir.resolve("u.item");
        var e = assertThrows(BadInputException.class, () -> TextLines.open(missing, LATIN_1));
        assertEquals(missing + ": file not found", e.getMessage());
    }
}
