package org.recllm.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens text files with strict decoding: bytes that are not valid in the declared charset, NUL bytes (a UTF-16
 * file read as 8-bit text) and a UTF-8 byte-order mark in a file declared ISO-8859-1 are errors, not silent
 * replacement characters. The first KiB is checked for binary content before any line is read, so a binary file
 * fails at once instead of after a reader has buffered gigabytes of one endless "line".
 */
public final class TextInput {
    /** How much of a file's start is checked for binary content. */
    static final int SNIFF_BYTES = 1024;
    /** Text has few control bytes besides tab and line ends; more than this share of the first KiB is binary. */
    private static final double MAX_CONTROL_SHARE = 0.3;

    private TextInput() {}

    /** A reader over {@code file} that reports malformed input instead of replacing it. */
    public static Reader open(Path file, Charset charset) {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            rejectBinary(file.toString(), charset, in);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be read: " + e.getMessage());
        }
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new StrictReader(in, decoder), 1 << 16);
    }

    /**
     * Looks at the first {@link #SNIFF_BYTES} bytes without consuming them: a NUL byte is reported on its line as the
     * line reader would, and a start that is mostly control bytes is reported as binary.
     */
    private static void rejectBinary(String source, Charset charset, InputStream in) throws IOException {
        in.mark(SNIFF_BYTES);
        byte[] start = in.readNBytes(SNIFF_BYTES);
        in.reset();
        long line = 1;
        int control = 0;
        for (byte b : start) {
            if (b == 0) {
                in.close();
                throw nulByte(source, line, charset);
            }
            if (b == '\n') {
                line++;
            } else if (b >= 0 && b < 0x20 && b != '\t' && b != '\r' && b != '\f') {
                control++;
            }
        }
        if (control > MAX_CONTROL_SHARE * start.length) {
            in.close();
            throw new BadInputException(source, 0, null, "looks binary: " + control + " of its first " + start.length
                    + " bytes are control characters; expected " + charset.name() + " text");
        }
    }

    /** The error for a decoding failure at {@code line}. */
    static BadInputException decodingError(String source, long line, Charset charset, IOException cause) {
        String problem = cause instanceof CharacterCodingException
                ? "bytes that are not valid " + charset.name() + "; expected " + charset.name() + " text"
                : "read failed: " + cause.getMessage();
        return new BadInputException(source, line, null, problem, cause);
    }

    /** Rejects characters that no text of the declared charset holds; {@code atStart} is true for a file's first line. */
    static void checkCharacters(String source, long line, Charset charset, CharSequence text, boolean atStart) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\0') {
                throw nulByte(source, line, charset);
            }
        }
        if (atStart && charset.equals(StandardCharsets.ISO_8859_1) && text.length() >= 3
                && text.charAt(0) == 0xEF && text.charAt(1) == 0xBB && text.charAt(2) == 0xBF) {
            throw new BadInputException(source, line, null,
                    "starts with a UTF-8 byte-order mark; expected ISO-8859-1 text as the dataset ships it");
        }
    }

    static BadInputException nulByte(String source, long line, Charset charset) {
        return new BadInputException(source, line, null,
                "contains a NUL byte; expected " + charset.name() + " text (is the file UTF-16 or binary?)");
    }

    /** The error for a line or field past its length limit: the reader stops there instead of buffering on. */
    static BadInputException tooLong(String source, long line, String what, int max) {
        return new BadInputException(source, line, null, String.format(Locale.ROOT,
                "%s longer than %,d characters; expected text (is this a binary file?)", what, max));
    }
}
