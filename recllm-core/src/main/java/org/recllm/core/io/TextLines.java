package org.recllm.core.io;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * Line-by-line reading of a strictly decoded text file that knows its current line number for error messages. A line
 * longer than a limit is an error as soon as the limit is passed, so memory stays bounded whatever the file holds.
 */
public final class TextLines implements AutoCloseable {
    /** The longest line read by default: far above any line of a real dataset, far below what exhausts a heap. */
    public static final int MAX_LINE_CHARS = 1 << 20;

    private final Reader reader;
    private final String source;
    private final Charset charset;
    private final int maxLineChars;
    private final char[] buffer = new char[1 << 16];
    private final StringBuilder text = new StringBuilder();
    private int position;
    private int limit;
    private long line;

    private TextLines(Reader reader, String source, Charset charset, int maxLineChars) {
        this.reader = reader;
        this.source = source;
        this.charset = charset;
        this.maxLineChars = maxLineChars;
    }

    public static TextLines open(Path file, Charset charset) {
        return open(file, charset, MAX_LINE_CHARS);
    }

    /** Reads {@code file} refusing lines longer than {@code maxLineChars} characters. */
    public static TextLines open(Path file, Charset charset, int maxLineChars) {
        return new TextLines(TextInput.open(file, charset), file.toString(), charset, maxLineChars);
    }

    /** The next line without its terminator (LF or CRLF), or null at the end of the file. */
    public String next() {
        text.setLength(0);
        boolean ended = false;
        while (!ended) {
            if (position == limit && !fill()) {
                if (text.isEmpty()) {
                    return null;
                }
                break;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            text.append(buffer, start, position - start);
            if (text.length() > maxLineChars + 1) {
                throw TextInput.tooLong(source, line + 1, "line", maxLineChars);
            }
            if (position < limit) {
                position++;
                ended = true;
            }
        }
        line++;
        int length = text.length();
        if (length > 0 && text.charAt(length - 1) == '\r') {
            text.setLength(length - 1);
        }
        if (text.length() > maxLineChars) {
            throw TextInput.tooLong(source, line, "line", maxLineChars);
        }
        TextInput.checkCharacters(source, line, charset, text, line == 1);
        return text.toString();
    }

    /** Refills the buffer; false at the end of the file. */
    private boolean fill() {
        int read;
        try {
            read = reader.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw TextInput.decodingError(source, line + 1, charset, e);
        }
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    /** The 1-based number of the line last returned. */
    public long lineNumber() {
        return line;
    }

    public String source() {
        return source;
    }

    /** An error about the line last returned. */
    public BadInputException error(String field, String problem) {
        return new BadInputException(source, line, field, problem);
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
