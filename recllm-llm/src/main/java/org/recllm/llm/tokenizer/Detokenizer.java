package org.recllm.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns tokens into text as they are generated. A character may be spread over several byte tokens (an emoji is four
 * {@code <0xXX>} tokens in SentencePiece vocabularies, and byte-level BPE splits characters too), so bytes that end in
 * an incomplete UTF-8 sequence wait for the next token instead of coming out as U+FFFD. Unlike
 * {@link Tokenizer#decode}, the leading space of the first token is kept: generated text continues a prompt. One
 * instance per stream; not thread-safe.
 */
public final class Detokenizer {
    private final Tokenizer tokenizer;
    private byte[] pending = new byte[16];
    private int pendingLength;

    public Detokenizer(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The text that {@code token} completes; empty while a character is still incomplete. */
    public String accept(int token) {
        byte[] bytes = tokenizer.bytes(token);
        if (pendingLength + bytes.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(2 * pending.length, pendingLength + bytes.length));
        }
        System.arraycopy(bytes, 0, pending, pendingLength, bytes.length);
        pendingLength += bytes.length;
        return take(completeLength());
    }

    /** The bytes still waiting, an unfinished character as U+FFFD: call at the end of the stream. */
    public String finish() {
        return take(pendingLength);
    }

    private String take(int length) {
        String text = new String(pending, 0, length, StandardCharsets.UTF_8);
        System.arraycopy(pending, length, pending, 0, pendingLength - length);
        pendingLength -= length;
        return text;
    }

    /** The length of the pending bytes without a trailing multi-byte sequence that is still missing bytes. */
    private int completeLength() {
        for (int back = 1; back <= Math.min(3, pendingLength); back++) {
            int b = pending[pendingLength - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int needed = b >= 0xF8 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? pendingLength - back : pendingLength;
        }
        return pendingLength;
    }
}
