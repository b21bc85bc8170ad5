package org.recllm.core.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;

/** Line-by-line reading of a strictly decoded text file that knows its current line number for error messages. */
public final class TextLines implements AutoCloseable {
    private final BufferedReader reader;
    private final String source;
    private final Charset charset;
    private long line;

    private TextLines(Reader reader, String source, Charset charset) {
        this.reader = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        this.source = source;
        this.charset = charset;
    }

    public static TextLines open(Path file, Charset charset) {
        return new TextLines(TextInput.open(file, charset), file.toString(), charset);
    }

    /** The next line without its terminator (LF or CRLF), or null at the end of the file. */
    public String next() {
        String text;
        try {
            text = reader.readLine();
        } catch (IOException e) {
            throw TextInput.decodingError(source, line + 1, charset, e);
        }
        if (text == null) {
            return null;
        }
        line++;
        TextInput.checkCharacters(source, line, charset, text, line == 1);
        return text;
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
