package org.recllm.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The repetition rule on a fake clock that each run of the pass advances by a fixed step. */
class RepeatedTimingTest {
    private long now;
    private long runs;

    private double time(long nanosPerRun) {
        return new RepeatedTiming(() -> now).nanosPerRun(() -> {
            now += nanosPerRun;
            runs++;
        });
    }

    @Test
    void aShortPassIsRepeatedUntilAMeasurementLastsTwentyMilliseconds() {
        assertEquals(3_000_000, time(3_000_000), 0);
        // 1, 2, 4 runs last 3, 6, 12 ms; 8 runs, 24 ms, are the first measurement long enough.
        assertEquals(1 + 2 + 4 + 8, runs);
    }

    @Test
    void aLongPassRunsOnce() {
        assertEquals(25_000_000, time(25_000_000), 0);
        assertEquals(1, runs);
    }

    @Test
    void aPassTooShortForTheClockHasNoTime() {
        assertTrue(Double.isNaN(time(0)));
        assertEquals(2 * RepeatedTiming.MAX_RUNS - 1, runs);
    }
}
