package org.recllm.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairMergerTest {
    /** Any two adjacent equal-length runs of 'a' may merge, shorter results first. */
    private static double lengthPriority(String text, int start, int mid, int end) {
        return mid - start == end - mid ? -(end - start) : Double.NaN;
    }

    @Test
    void mergesTheBestPairFirstAndTheLeftmostAmongEquals() {
        assertEquals(List.of("aaaa", "aa", "a"), new PairMerger("aaaaaaa", PairMergerTest::lengthPriority).pieces());
        PairMerger.Priority onlyBc = (text, start, mid, end) -> text.substring(start, end).equals("bc") ? 1 : Double.NaN;
        assertEquals(List.of("a", "bc", "d"), new PairMerger("abcd", onlyBc).pieces());
        assertEquals(List.of(), new PairMerger("", onlyBc).pieces());
        assertEquals(List.of("😀", "é"), new PairMerger("😀é", onlyBc).pieces(), "symbols are code points, not chars");
    }

    @Test
    void queuesLinearlyManyCandidatesOnLongText() {
        int n = 100_000;
        PairMerger merger = new PairMerger("a".repeat(n), PairMergerTest::lengthPriority);
        // 100000 = 65536 + 32768 + 1024 + 512 + 128 + 32: runs of 'a' double up like a binary counter.
        assertEquals(List.of(65536, 32768, 1024, 512, 128, 32),
                merger.pieces().stream().map(String::length).toList());
        assertTrue(merger.candidatesQueued() <= 3 * n, merger.candidatesQueued() + " candidates for " + n + " symbols");
    }
}
