package org.recllm.core.io;

import java.nio.file.Path;

/**
 * Input that cannot be used as it is: names the file, the line (1-based, 0 when not line-oriented), the field, and
 * what was expected, so the user can fix the input without reading code.
 */
public class BadInputException extends RuntimeException {
    private final String source;
    private final long line;
    private final String field;

    public BadInputException(String source, long line, String field, String problem) {
        super(format(source, line, field, problem));
        this.source = source;
        this.line = line;
        this.field = field;
    }

    public BadInputException(Path file, long line, String field, String problem) {
        this(file.toString(), line, field, problem);
    }

    public BadInputException(Path file, String problem) {
        this(file.toString(), 0, null, problem);
    }

    public BadInputException(String source, long line, String field, String problem, Throwable cause) {
        this(source, line, field, problem);
        initCause(cause);
    }

    public String source() {
        return source;
    }

    public long line() {
        return line;
    }

    public String field() {
        return field;
    }

    private static String format(String source, long line, String field, String problem) {
        StringBuilder message = new StringBuilder(source);
        if (line > 0) {
            message.append(':').append(line);
        }
        if (field != null) {
            message.append(": field '").append(field).append('\'');
        }
        return message.append(": ").append(problem).toString();
    }
}
