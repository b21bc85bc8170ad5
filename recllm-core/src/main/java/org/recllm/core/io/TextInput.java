package org.recllm.core.io;

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

/**
 * Opens text files with strict decoding: bytes that are not valid in the declared charset, NUL bytes (a UTF-16
 * file read as 8-bit text) and a UTF-8 byte-order mark in a file declared ISO-8859-1 are errors, not silent
 * replacement characters.
 */
public final class TextInput {
    private TextInput() {}

    /** A reader over {@code file} that reports malformed input instead of replacing it. */
    public static Reader open(Path file, Charset charset) {
        InputStream in;
        try {
            in = Files.newInputStream(file);
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
                throw new BadInputException(source, line, null,
                        "contains a NUL byte; expected " + charset.name() + " text (is the file UTF-16?)");
            }
        }
        if (atStart && charset.equals(StandardCharsets.ISO_8859_1) && text.length() >= 3
                && text.charAt(0) == 0xEF && text.charAt(1) == 0xBB && text.charAt(2) == 0xBF) {
            throw new BadInputException(source, line, null,
                    "starts with a UTF-8 byte-order mark; expected ISO-8859-1 text as the dataset ships it");
        }
    }
}
