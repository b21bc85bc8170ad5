package org.recllm.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.core.io.Csv.concat;
import static org.recllm.core.io.Csv.file;
import static org.recllm.core.io.Csv.records;
import static org.recllm.core.io.Csv.utf8;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input CsvReader refuses, and that each refusal names the file and the line to look at. */
class CsvReaderErrorTest {
    @TempDir
    Path dir;

    private BadInputException rejected(Path file) {
        return assertThrows(BadInputException.class, () -> records(file));
    }

    private static void assertNames(BadInputException e, Path file, long line, String problem) {
        assertEquals(file.toString(), e.source());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void wrongFieldCountNamesFileAndLine() {
        Path file = file(dir, "a,b,c\n1,2,3\n4,5\n");
        assertNames(rejected(file), file, 3, "expected 3 fields as in the header, found 2");
    }

    @Test
    void wrongFieldCountAfterAMultiLineRecordNamesTheLineTheRecordStartsOn() {
        Path file = file(dir, "a,b\n1,\"x\ny\"\n2,z,extra\n");
        assertNames(rejected(file), file, 4, "found 3");
    }

    @Test
    void unterminatedQuoteNamesTheLineWhereTheQuoteOpened() {
        // The record starts on line 3; its second quoted field opens on line 4 and is never closed.
        Path file = file(dir, "id,a,b\n1,x,y\n2,\"p\nq\",\"open\nrest\n");
        assertNames(rejected(file), file, 4, "never closed");
    }

    @Test
    void characterAfterAClosingQuoteIsRejected() {
        Path file = file(dir, "id,name\n1,\"ab\"c\n");
        assertNames(rejected(file), file, 2, "unexpected character 'c' after a closing quote");
    }

    @Test
    void missingRequiredColumnIsNamed() {
        Path file = file(dir, "userId,movieId\n1,2\n");
        try (CsvReader csv = CsvReader.open(file)) {
            var e = assertThrows(BadInputException.class, () -> csv.requireColumns("userId", "rating"));
            assertEquals("rating", e.field());
            assertNames(e, file, 1, "missing column");
        }
    }

    @Test
    void duplicateHeaderColumnIsRejected() {
        Path file = file(dir, "id,name,id\n1,a,2\n");
        var e = rejected(file);
        assertEquals("id", e.field());
        assertNames(e, file, 1, "names this column twice");
    }

    @Test
    void emptyFileHasNoHeader() {
        Path file = file(dir, "");
        assertNames(rejected(file), file, 1, "the file is empty");
    }

    @Test
    void invalidUtf8NamesTheLineHoldingTheBadBytes() {
        Path file = file(dir, concat(utf8("id,name\n1,a\n2,b\n3,"), new byte[] {(byte) 0xFF}, utf8("\n4,d\n")));
        assertNames(rejected(file), file, 4, "not valid UTF-8");
    }

    @Test
    void invalidUtf8FarIntoALargeFileNamesItsLine() {
        // ~400 KB: the header, 9,000 good lines, then the bad byte on line 9,002, several read-ahead blocks in.
        Path file = file(dir, concat(utf8("key,value\n" + Csv.manyLines(9_000)), utf8("x,caf"),
                new byte[] {(byte) 0xE9}, utf8("\n")));
        assertNames(rejected(file), file, 9_002, "not valid UTF-8");
    }

    @Test
    void invalidUtf8InsideAMultiLineFieldNamesThePhysicalLine() {
        Path file = file(dir, concat(utf8("id,text\n1,\"first\nsecond "), new byte[] {(byte) 0xC3, '"', '\n'}));
        assertNames(rejected(file), file, 3, "not valid UTF-8");
    }

    @Test
    void utf16FileIsRejectedForItsNulBytes() {
        Path file = file(dir, "id,name\n1,a\n".getBytes(StandardCharsets.UTF_16LE));
        assertNames(rejected(file), file, 1, "NUL byte");
    }

    @Test
    void utf16FileWithByteOrderMarkIsRejectedForItsNulBytesBeforeDecoding() {
        // The first KiB is checked for NUL bytes before decoding starts, so the hint names UTF-16, not the BOM's bytes.
        Path file = file(dir, "id,name\n1,a\n".getBytes(StandardCharsets.UTF_16));
        assertNames(rejected(file), file, 1, "UTF-16");
    }

    @Test
    void nulByteOnALaterLineNamesThatLine() {
        Path file = file(dir, "id,name\n1,a\n2,b\u0000\n");
        assertNames(rejected(file), file, 3, "NUL byte");
    }

    @Test
    void missingFileIsReportedAsSuch() {
        Path missing = dir.resolve("absent.csv");
        var e = assertThrows(BadInputException.class, () -> CsvReader.open(missing));
        assertEquals(missing + ": file not found", e.getMessage());
    }
}
