package org.recllm.core.io;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV: a header row, comma-separated fields, fields in double quotes may hold commas, doubled quotes and
 * line breaks (LF or CRLF). Every record must have as many fields as the header; a deviation is an error naming the
 * file and the line the record starts on. Fields, records and the number of columns are bounded, and passing a bound
 * is an error at once, so a damaged or hostile file cannot make the reader buffer without end.
 */
public final class CsvReader implements AutoCloseable {
    /** The longest field: room for a long LLM answer, far below what exhausts a heap. */
    public static final int MAX_FIELD_CHARS = 1 << 20;
    public static final int MAX_RECORD_CHARS = 4 << 20;
    public static final int MAX_COLUMNS = 4096;

    private final Reader reader;
    private final String source;
    private final Charset charset;
    private final char separator;
    private final char[] buffer = new char[1 << 16];
    private final StringBuilder field = new StringBuilder();
    private final List<String> values = new ArrayList<>();
    private int position;
    private int limit;
    private long line = 1;
    private int recordChars;
    private Map<String, Integer> columns;
    private List<String> header;

    public CsvReader(Reader reader, String source, Charset charset, char separator) {
        this.reader = reader;
        this.source = source;
        this.charset = charset;
        this.separator = separator;
    }

    /** A UTF-8, comma-separated file whose first record is the header. */
    public static CsvReader open(Path file) {
        return open(file, StandardCharsets.UTF_8);
    }

    public static CsvReader open(Path file, Charset charset) {
        return new CsvReader(TextInput.open(file, charset), file.toString(), charset, ',');
    }

    /** The header's column names, reading it on first use. */
    public List<String> header() {
        if (header == null) {
            long start = line;
            skipByteOrderMark();
            String[] names = readRecord();
            if (names == null) {
                throw new BadInputException(source, 1, null, "the file is empty; expected a header row");
            }
            Map<String, Integer> positions = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                if (positions.putIfAbsent(names[i], i) != null) {
                    throw new BadInputException(source, start, names[i], "the header names this column twice");
                }
            }
            columns = Collections.unmodifiableMap(positions);
            header = List.of(names);
        }
        return header;
    }

    /** Drops a byte-order mark before the header, so that a quoted first column name still parses as quoted. */
    private void skipByteOrderMark() {
        if (read() != '\uFEFF' && limit > 0) {
            position--;
        }
    }

    /** Requires that the header holds every one of {@code required}. */
    public void requireColumns(String... required) {
        header();
        for (String column : required) {
            if (!columns.containsKey(column)) {
                throw new BadInputException(source, 1, column, "missing column; the header has " + header);
            }
        }
    }

    /** The next record, or null at the end of the file. */
    public CsvRecord next() {
        header();
        long start;
        String[] record;
        do {
            start = line;
            record = readRecord();
            if (record == null) {
                return null;
            }
        } while (isBlankLine(record));
        if (record.length != header.size()) {
            throw new BadInputException(source, start, null,
                    "expected " + header.size() + " fields as in the header, found " + record.length);
        }
        return new CsvRecord(source, start, record, columns);
    }

    private boolean isBlankLine(String[] record) {
        return record.length == 1 && record[0].isEmpty() && header.size() > 1;
    }

    private String[] readRecord() {
        values.clear();
        field.setLength(0);
        recordChars = 0;
        int c = read();
        if (c < 0) {
            return null;
        }
        long quoteLine = line;
        boolean quoted = false;
        boolean afterQuote = false;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new BadInputException(source, quoteLine, null,
                            "a quoted field opened here is never closed (unbalanced double quote)");
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        append('"', quoteLine);
                    } else {
                        quoted = false;
                        afterQuote = true;
                        c = next;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    append((char) c, quoteLine);
                }
            } else if (c == separator) {
                addField();
                field.setLength(0);
                afterQuote = false;
            } else if (c == '\n' || c < 0) {
                if (c == '\n') {
                    line++;
                }
                trimCarriageReturn(afterQuote);
                addField();
                return values.toArray(String[]::new);
            } else if (c == '"' && field.isEmpty() && !afterQuote) {
                quoted = true;
                quoteLine = line;
            } else if (afterQuote) {
                if (c != '\r') {
                    throw new BadInputException(source, line, null, "unexpected character '" + (char) c
                            + "' after a closing quote; expected a separator or line end");
                }
            } else {
                append((char) c, line);
            }
            c = read();
        }
    }

    private void append(char c, long at) {
        if (field.length() == MAX_FIELD_CHARS) {
            throw TextInput.tooLong(source, at, "a field", MAX_FIELD_CHARS);
        }
        if (++recordChars > MAX_RECORD_CHARS) {
            throw TextInput.tooLong(source, at, "a record", MAX_RECORD_CHARS);
        }
        field.append(c);
    }

    private void addField() {
        if (values.size() == MAX_COLUMNS) {
            throw new BadInputException(source, line, null, "more than " + MAX_COLUMNS + " fields in one record");
        }
        values.add(field.toString());
    }

    private void trimCarriageReturn(boolean afterQuote) {
        int last = field.length() - 1;
        if (!afterQuote && last >= 0 && field.charAt(last) == '\r') {
            field.setLength(last);
        }
    }

    private int read() {
        if (position == limit) {
            try {
                limit = reader.read(buffer, 0, buffer.length);
            } catch (IOException e) {
                throw TextInput.decodingError(source, line, charset, e);
            }
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        char c = buffer[position++];
        if (c == '\0') {
            throw TextInput.nulByte(source, line, charset);
        }
        return c;
    }

    public String source() {
        return source;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
