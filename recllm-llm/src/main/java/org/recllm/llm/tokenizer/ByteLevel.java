package org.recllm.llm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2's reversible byte-to-character mapping: byte-level BPE vocabularies spell every token as these characters, so
 * that any byte string, valid UTF-8 or not, has a printable spelling without spaces or control characters. Printable
 * Latin-1 bytes stand for themselves; the other 68 bytes take the characters from U+0100 on, in byte order (so the
 * space becomes 'Ġ' U+0120 and the newline 'Ċ' U+010A).
 */
final class ByteLevel {
    private static final char[] CHAR_OF_BYTE = new char[256];
    private static final int[] BYTE_OF_CHAR = new int[512];

    static {
        Arrays.fill(BYTE_OF_CHAR, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            CHAR_OF_BYTE[b] = (char) (printable ? b : next++);
            BYTE_OF_CHAR[CHAR_OF_BYTE[b]] = b;
        }
    }

    private ByteLevel() {}

    /** The spelling of {@code bytes}: one mapped character per byte. */
    static String encode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = CHAR_OF_BYTE[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /**
     * The bytes a token's spelling stands for. A character outside the mapping (a hand-edited vocabulary) keeps its
     * own UTF-8 bytes rather than being dropped.
     */
    static byte[] decode(String spelling) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(spelling.length());
        for (int i = 0; i < spelling.length(); ) {
            int c = spelling.codePointAt(i);
            int b = c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
            if (b >= 0) {
                bytes.write(b);
            } else {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
            }
            i += Character.charCount(c);
        }
        return bytes.toByteArray();
    }
}
