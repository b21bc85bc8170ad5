package org.recllm.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRecordTest {
    private static final Map<String, Integer> COLUMNS = Map.of("userId", 0, "rating", 1, "timestamp", 2);

    private static CsvRecord record(String userId, String rating, String timestamp) {
        return new CsvRecord("ratings.csv", 7, new String[] {userId, rating, timestamp}, COLUMNS);
    }

    @Test
    void parsesNumbersIgnoringSurroundingSpace() {
        CsvRecord record = record(" 42 ", "3.5", "964982703123");
        assertEquals(" 42 ", record.get("userId"));
        assertEquals(42, record.getInt("userId"));
        assertEquals(3.5f, record.getFloat("rating"));
        assertEquals(964_982_703_123L, record.getLong("timestamp"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.5", "", "x1", "99999999999"})
    void badIntegerNamesTheColumnFileAndLine(String value) {
        var e = assertThrows(BadInputException.class, () -> record(value, "1", "1").getInt("userId"));
        assertEquals("userId", e.field());
        assertEquals("ratings.csv:7: field 'userId': expected an integer, got '" + value + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1e39", "abc", ""})
    void nonFiniteOrMalformedFloatNamesTheColumn(String value) {
        var e = assertThrows(BadInputException.class, () -> record("1", value, "1").getFloat("rating"));
        assertEquals("rating", e.field());
        assertEquals("ratings.csv:7: field 'rating': expected a finite number, got '" + value + "'", e.getMessage());
    }

    @Test
    void badLongNamesTheColumn() {
        var e = assertThrows(BadInputException.class, () -> record("1", "1", "12:30").getLong("timestamp"));
        assertEquals("timestamp", e.field());
        assertEquals(7, e.line());
    }

    @Test
    void unknownColumnIsAnErrorNamingIt() {
        var e = assertThrows(BadInputException.class, () -> record("1", "1", "1").get("movieId"));
        assertEquals("movieId", e.field());
        assertEquals(7, e.line());
    }
}
