package org.recllm.data.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Id 0 pads, id 1 is out-of-vocabulary, known values get ids from 2: numbers numerically, then text. */
class VocabularyTest {

    private static Vocabulary build(String... values) {
        Vocabulary.Builder builder = new Vocabulary.Builder("v");
        for (String value : values) {
            builder.add(value);
        }
        return builder.build();
    }

    @Test
    void numbersComeFirstInNumericOrderThenTextInCodePointOrder() {
        Vocabulary vocabulary = build("10", "9", "b", "-3", "Abc", "9", "10", "10", "123456789012345678901", "");
        assertEquals(List.of("-3", "9", "10", "", "123456789012345678901", "Abc", "b"), vocabulary.values());
        assertArrayEquals(new long[] {1, 2, 3, 1, 1, 1, 1}, vocabulary.counts());
        assertEquals(9, vocabulary.size(), "seven values plus padding and OOV");
    }

    @Test
    void idsStartAtTwoAndUnseenValuesAreOov() {
        Vocabulary vocabulary = build("M", "F", "M");
        assertEquals(2, vocabulary.id("F"));
        assertEquals(3, vocabulary.id("M"));
        assertEquals(Vocabulary.OOV, vocabulary.id("X"));
        assertEquals("M", vocabulary.value(3));
        assertNull(vocabulary.value(Vocabulary.PADDING));
        assertNull(vocabulary.value(Vocabulary.OOV));
        assertEquals(2, vocabulary.count(3));
        assertEquals(0, vocabulary.count(Vocabulary.OOV));
    }

    @Test
    void theOrderDoesNotDependOnInsertionOrder() {
        assertEquals(build("7", "x", "3", "y").values(), build("y", "3", "x", "7").values());
    }

    @Test
    void aValueListedTwiceIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Vocabulary("genres", List.of("a", "a"), new long[2]));
        assertEquals("vocabulary genres: value 'a' appears twice", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Vocabulary("genres", List.of("a"), new long[2]));
    }
}
