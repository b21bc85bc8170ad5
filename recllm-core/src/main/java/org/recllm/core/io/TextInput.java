package org.recllm.core.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
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

    /**
     * Decodes strictly and hands out every character that precedes a malformed sequence before it reports that
     * sequence, so the caller's line count names the line that holds the bad bytes. ({@link
     * java.io.InputStreamReader} throws for a whole read-ahead block, and the line reported would be the block's.)
     * Never reports {@link #ready()}, so a {@link BufferedReader} does not read past a short read into the error.
     */
    private static final class StrictReader extends Reader {
        private final InputStream in;
        private final CharsetDecoder decoder;
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
        private CharacterCodingException failure;
        private boolean endOfInput;
        private boolean flushing;

        StrictReader(InputStream in, CharsetDecoder decoder) {
            this.in = in;
            this.decoder = decoder;
        }

        @Override
        public int read(char[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            CharBuffer out = CharBuffer.wrap(target, offset, length);
            while (true) {
                if (failure != null) {
                    if (out.position() > offset) {
                        return out.position() - offset;
                    }
                    throw failure;
                }
                CoderResult result = flushing ? decoder.flush(out) : decoder.decode(bytes, out, endOfInput);
                if (result.isError()) {
                    try {
                        result.throwException();
                    } catch (CharacterCodingException e) {
                        failure = e;
                    }
                    continue;
                }
                if (result.isOverflow() || out.position() > offset) {
                    return out.position() - offset;
                }
                if (flushing) {
                    return -1;
                }
                if (endOfInput) {
                    flushing = true;
                    continue;
                }
                bytes.compact();
                int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (read < 0) {
                    endOfInput = true;
                } else {
                    bytes.position(bytes.position() + read);
                }
                bytes.flip();
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
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
