package org.recllm.llm.tokenizer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ByteLevelTest {
    @Test
    void everyByteHasItsOwnPrintableCharacterAndComesBack() {
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) {
            all[b] = (byte) b;
        }
        String spelling = ByteLevel.encode(all);
        assertEquals(256, spelling.chars().distinct().count());
        spelling.chars().forEach(c -> assertFalse(Character.isWhitespace(c) || Character.isISOControl(c), "U+" + c));
        assertArrayEquals(all, ByteLevel.decode(spelling));
    }

    @Test
    void gpt2Spellings() {
        assertEquals("ĠhiĊ", ByteLevel.encode(" hi\n".getBytes(UTF_8)));
        assertEquals("Ã©", ByteLevel.encode("é".getBytes(UTF_8)), "C3 A9");
        assertArrayEquals(new byte[] {(byte) 0xE2, (byte) 0x96, (byte) 0x81}, ByteLevel.decode("\u2581"),
                "a character outside the mapping keeps its UTF-8 bytes");
    }
}
