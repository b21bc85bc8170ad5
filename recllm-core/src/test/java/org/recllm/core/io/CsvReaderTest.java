package org.recllm.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.recllm.core.io.Csv.file;
import static org.recllm.core.io.Csv.records;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What CsvReader accepts and how it splits it; its error reports are in {@link CsvReaderErrorTest}. */
class CsvReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsHeaderAndRecordsWithTheirLineNumbers() {
        Path file = file(dir, "userId,movieId,rating\n1,31,2.5\n1,1029,3.0\n");
        try (CsvReader csv = CsvReader.open(file)) {
            assertEquals(List.of("userId", "movieId", "rating"), csv.header());
            CsvRecord first = csv.next();
            assertArrayEquals(new String[] {"1", "31", "2.5"}, first.values());
            assertEquals(2, first.line());
            assertEquals(file.toString(), first.source());
            CsvRecord second = csv.next();
            assertEquals("1029", second.get("movieId"));
            assertEquals(3, second.line());
            assertNull(csv.next());
            assertNull(csv.next());
        }
    }

    @Test
    void quotedFieldsHoldSeparatorsAndDoubledQuotes() {
        List<CsvRecord> records = records(file(dir, "id,title,note\n1,\"Toy Story, The\",\"say \"\"hi\"\"\"\n"));
        assertArrayEquals(new String[] {"1", "Toy Story, The", "say \"hi\""}, records.get(0).values());
    }

    @Test
    void emptyAndQuotedEmptyFieldsAreEmptyStrings() {
        List<CsvRecord> records = records(file(dir, "a,b,c\n,\"\",\n"));
        assertArrayEquals(new String[] {"", "", ""}, records.get(0).values());
    }

    @Test
    void multiLineQuotedFieldsKeepTheirLineBreaksAndRecordsTheLineTheyStartOn() {
        String text = """
                id,text
                1,"two
                lines"
                2,plain
                3,"a
                b
                c"
                4,end
                """;
        List<CsvRecord> records = records(file(dir, text));
        assertEquals(List.of(2L, 4L, 5L, 8L), records.stream().map(CsvRecord::line).toList());
        assertEquals("two\nlines", records.get(0).get("text"));
        assertEquals("a\nb\nc", records.get(2).get("text"));
        assertEquals("end", records.get(3).get("text"));
    }

    @Test
    void crlfLineEndsAreNotPartOfTheLastField() {
        List<CsvRecord> records = records(file(dir, "id,name\r\n1,a\r\n2,\"q\r\nr\"\r\n3,\"z\"\r\n"));
        assertArrayEquals(new String[] {"1", "a"}, records.get(0).values());
        // Inside quotes the CRLF is data.
        assertEquals("q\r\nr", records.get(1).get("name"));
        assertEquals("z", records.get(2).get("name"));
        assertEquals(List.of(2L, 3L, 5L), records.stream().map(CsvRecord::line).toList());
    }

    @Test
    void byteOrderMarkBeforeTheHeaderIsDropped() {
        try (CsvReader csv = CsvReader.open(file(dir, "\uFEFFid,name\n1,a\n"))) {
            assertEquals(List.of("id", "name"), csv.header());
            csv.requireColumns("id", "name");
            assertEquals("1", csv.next().get("id"));
        }
    }

    @Test
    void byteOrderMarkBeforeAQuotedHeaderIsDropped() {
        // The mark used to stay in the first field, which then no longer started with a quote and kept its quotes.
        try (CsvReader csv = CsvReader.open(file(dir, "\uFEFF\"id\",\"name\"\n1,a\n"))) {
            assertEquals(List.of("id", "name"), csv.header());
        }
    }

    @Test
    void blankLinesAreSkippedAndDoNotShiftLineNumbers() {
        List<CsvRecord> records = records(file(dir, "id,name\n1,a\n\n3,c\n\r\n\n"));
        assertEquals(2, records.size());
        assertEquals(4, records.get(1).line());
        assertEquals("c", records.get(1).get("name"));
    }

    @Test
    void lastRecordWithoutALineEnd() {
        List<CsvRecord> records = records(file(dir, "id,name\n1,a\n2,\"b\""));
        assertEquals(2, records.size());
        assertEquals("b", records.get(1).get("name"));
    }

    @Test
    void headerOnlyFileHasNoRecords() {
        assertEquals(List.of(), records(file(dir, "id,name\n")));
    }

    @Test
    void otherCharsetsAndSeparators() {
        Path latin1 = file(dir, "id;name\n1;Ren\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        try (CsvReader csv = new CsvReader(TextInput.open(latin1, StandardCharsets.ISO_8859_1), "latin1.csv",
                StandardCharsets.ISO_8859_1, ';')) {
            assertEquals("Ren\u00e9", csv.next().get("name"));
        }
    }
}
