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
    private final String problem;

    /**
     * @param source the file, or for a value that is not in a file the name of what it is (e.g. {@code model},
     *               {@code protocol}); a command line names its option there instead (see {@link #as})
     */
    public BadInputException(String source, long line, String field, String problem) {
        super(format(source, line, field, problem));
        this.source = source;
        this.line = line;
        this.field = field;
        this.problem = problem;
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

    /** What was wrong and what was expected, without the source. */
    public String problem() {
        return problem;
    }

    /** The same problem attributed to {@code otherSource} (e.g. the command-line option the value came from). */
    public BadInputException as(String otherSource) {
        BadInputException renamed = new BadInputException(otherSource, line, field, problem);
        renamed.initCause(this);
        return renamed;
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
