package org.recllm.core.io;

import java.util.Map;

/** One CSV record: its values, the line it starts on, and the header's column positions. */
public record CsvRecord(String source, long line, String[] values, Map<String, Integer> columns) {

    /** The value of {@code column}; an error naming the file and line when the header lacks it. */
    public String get(String column) {
        Integer index = columns.get(column);
        if (index == null) {
            throw new BadInputException(source, line, column, "no such column; the header has " + columns.keySet());
        }
        return values[index];
    }

    public int getInt(String column) {
        String value = get(column);
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw error(column, "expected an integer, got '" + value + "'");
        }
    }

    public long getLong(String column) {
        String value = get(column);
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw error(column, "expected an integer, got '" + value + "'");
        }
    }

    public float getFloat(String column) {
        String value = get(column);
        try {
            float parsed = Float.parseFloat(value.strip());
            if (!Float.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw error(column, "expected a finite number, got '" + value + "'");
        }
    }

    public BadInputException error(String column, String problem) {
        return new BadInputException(source, line, column, problem);
    }
}
