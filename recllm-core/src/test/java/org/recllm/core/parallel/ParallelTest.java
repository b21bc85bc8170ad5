package org.recllm.core.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Parallel loops cover every index exactly once, back to back, nested, and pass failures to the caller. */
class ParallelTest {

    @Test
    void manyShortRegionsCoverEveryIndexExactlyOnce() {
        for (int region = 0; region < 20_000; region++) {
            int n = 1 + region % 97;
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            Parallel.forRange(n, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "region " + region + " index " + i);
            }
        }
    }

    @Test
    void nestedLoopsRunInlineInsideARegion() {
        AtomicIntegerArray hits = new AtomicIntegerArray(64);
        Parallel.forRange(8, 1, (from, to) -> {
            for (int outer = from; outer < to; outer++) {
                int base = outer * 8;
                Parallel.forRange(8, 1, (a, b) -> {
                    for (int i = a; i < b; i++) {
                        hits.incrementAndGet(base + i);
                    }
                });
            }
        });
        for (int i = 0; i < 64; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void aFailureInAnyChunkReachesTheCaller() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> Parallel.forRange(1000, 1, (from, to) -> {
            if (to == 1000) {
                throw new IllegalStateException("last chunk failed");
            }
        }));
        assertEquals("last chunk failed", failure.getMessage());
        AtomicIntegerArray hits = new AtomicIntegerArray(10);
        Parallel.forRange(10, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        assertEquals(1, hits.get(9), "the team still works after a failure");
    }
}
