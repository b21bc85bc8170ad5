package org.recllm.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.core.io.Csv.file;
import static org.recllm.core.io.Csv.records;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile inputs fail at once with the file and line named, whatever their size: no reader buffers without bound. */
class ReaderLimitsTest {
    private static final Duration FAST = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private static long lineCount(Path file) {
        try (TextLines in = TextLines.open(file, StandardCharsets.ISO_8859_1)) {
            long lines = 0;
            while (in.next() != null) {
                lines++;
            }
            return lines;
        }
    }

    /** A 2 GiB file of NUL bytes, made sparse so the test writes nothing. */
    private Path twoGigabytesOfNul() throws IOException {
        Path file = dir.resolve("u1.base");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(2L << 30);
        }
        return file;
    }

    private static void assertRejected(BadInputException e, Path file, long line, String problem) {
        assertEquals(file.toString(), e.source());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void twoGigabytesOfNulFailAtOnceOnTheFirstLine() throws IOException {
        Path file = twoGigabytesOfNul();
        var lines = assertTimeoutPreemptively(FAST, () -> assertThrows(BadInputException.class, () -> lineCount(file)));
        assertRejected(lines, file, 1, "NUL byte");
        var csv = assertTimeoutPreemptively(FAST, () -> assertThrows(BadInputException.class, () -> records(file)));
        assertRejected(csv, file, 1, "NUL byte");
    }

    @Test
    void mostlyControlBytesAreReportedAsBinary() {
        byte[] bytes = new byte[4096];
        Random random = new Random(7);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (1 + random.nextInt(31));
        }
        Path file = file(dir, bytes);
        var e = assertThrows(BadInputException.class, () -> lineCount(file));
        assertTrue(e.getMessage().contains("looks binary"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @Test
    void aLineOverTheLimitNamesItsLine() {
        Path file = file(dir, "short\n" + "x".repeat(101) + "\nshort\n");
        try (TextLines in = TextLines.open(file, StandardCharsets.UTF_8, 100)) {
            assertEquals("short", in.next());
            assertRejected(assertThrows(BadInputException.class, in::next), file, 2, "longer than 100 characters");
        }
        try (TextLines in = TextLines.open(file, StandardCharsets.UTF_8, 101)) {
            in.next();
            assertEquals(101, in.next().length());
        }
    }

    @Test
    void anEndlessLineStopsAtTheDefaultLimit() {
        Path file = file(dir, "a\n" + "y".repeat(TextLines.MAX_LINE_CHARS + 10));
        assertRejected(assertThrows(BadInputException.class, () -> lineCount(file)), file, 2, "longer than 1,048,576");
    }

    @Test
    void aCsvFieldOverTheLimitNamesTheLineItStartsOn() {
        Path file = file(dir, "id,text\n1,ok\n2,\"" + "z\n".repeat(CsvReader.MAX_FIELD_CHARS / 2 + 1) + "\"\n");
        assertRejected(assertThrows(BadInputException.class, () -> records(file)), file, 3, "a field longer than");
    }

    @Test
    void aCsvRecordOfManyFieldsIsRefusedBeforeTheyPileUp() {
        Path file = file(dir, "id,text\n" + ",".repeat(CsvReader.MAX_COLUMNS + 5) + "\n");
        assertRejected(assertThrows(BadInputException.class, () -> records(file)), file, 2, "more than 4096 fields");
    }

    @Test
    void aCsvRecordOverTheLimitIsRefused() {
        String field = "w".repeat(CsvReader.MAX_FIELD_CHARS);
        Path file = file(dir, "a,b,c,d,e\n" + String.join(",", field, field, field, field, field) + "\n");
        assertRejected(assertThrows(BadInputException.class, () -> records(file)), file, 2, "a record longer than");
    }
}
