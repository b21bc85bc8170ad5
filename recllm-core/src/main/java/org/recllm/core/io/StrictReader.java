package org.recllm.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;

/**
 * Decodes strictly and hands out every character that precedes a malformed sequence before it reports that
 * sequence, so the caller's line count names the line that holds the bad bytes. ({@link
 * java.io.InputStreamReader} throws for a whole read-ahead block, and the line reported would be the block's.)
 * Never reports {@link #ready()}, so a {@link java.io.BufferedReader} does not read past a short read into the error.
 */
final class StrictReader extends Reader {
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
