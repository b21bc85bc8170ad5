package org.recllm.llm.tokenizer;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Random text mixing ASCII, white space, accented letters, combining marks, CJK and emoji (surrogate pairs). None is
 * U+2581, which SentencePiece uses to spell spaces and so cannot survive its round trip.
 */
final class UnicodeText {
    private UnicodeText() {}

    static Arbitrary<String> strings() {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(1, Arbitraries.of((int) '\n', (int) '\t', (int) '\r', 0xA0, 0x200A, 0x3000)),
                Tuple.of(2, Arbitraries.integers().between(0xC0, 0x17F)),
                Tuple.of(1, Arbitraries.integers().between(0x300, 0x36F)),
                Tuple.of(2, Arbitraries.integers().between(0x4E00, 0x9FFF)),
                Tuple.of(2, Arbitraries.integers().between(0x1F300, 0x1FAFF)));
        return codePoints.list().ofMaxSize(30).map(UnicodeText::fromCodePoints);
    }

    private static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder text = new StringBuilder();
        codePoints.forEach(text::appendCodePoint);
        return text.toString();
    }
}
