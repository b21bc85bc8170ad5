package org.recllm.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0.0s",
        "12.34, 12.3s",
        "59.94, 59.9s",
        // %.1f would print 59.96 as "60.0s"; from there on the clock format takes over.
        "59.96, 1:00",
        "61, 1:01",
        "754.4, 12:34",
        "3599.4, 59:59",
        "3599.6, 1:00:00",
        "3725, 1:02:05",
        "90061, 25:01:01",
    })
    void formatsDurations(double seconds, String expected) {
        assertEquals(expected, Progress.formatDuration(seconds));
    }

    /** A clock the test sets; Progress reads nanoseconds. */
    private static final class FakeClock implements LongSupplier {
        private long nanos = 1_000_000_000L; // not 0: only differences may matter

        void advance(double seconds) {
            nanos += Math.round(seconds * 1e9);
        }

        @Override
        public long getAsLong() {
            return nanos;
        }
    }

    /** The lines a log-mode progress printed after {@code advance} units in {@code seconds}, closed at that time. */
    private static List<String> logged(String task, String unit, long total, long advance, double seconds, String status) {
        var bytes = new ByteArrayOutputStream();
        FakeClock clock = new FakeClock();
        try (var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Progress progress = Progress.toLog(task, unit, total, out, clock)) {
            clock.advance(seconds);
            progress.advance(advance);
            if (status != null) {
                progress.status(status);
            }
            assertEquals(advance, progress.done());
            assertEquals(seconds, progress.seconds(), 1e-9);
            assertEquals(advance / seconds, progress.rate(), 1e-9);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void closingPrintsCountsPercentRateAndElapsedTime() {
        assertEquals(List.of("train  1,234/2,000 samples (61.7%)  617 samples/s  in 2.0s  loss 0.512"),
                logged("train", "samples", 2000, 1234, 2, "loss 0.512"));
    }

    @Test
    void unknownTotalPrintsTheCountAlone() {
        assertEquals(List.of("scan  1,500,000 rows  500,000 rows/s  in 3.0s"), logged("scan", "rows", 0, 1_500_000, 3, null));
    }

    @Test
    void slowWorkShowsItsRateWithDecimals() {
        assertEquals(List.of("generate  1/10 prompts (10.0%)  0.25 prompts/s  in 4.0s"), logged("generate", "prompts", 10, 1, 4, null));
    }

    @Test
    void aLogGetsALineWithTheEtaEveryFiveSeconds() {
        var bytes = new ByteArrayOutputStream();
        FakeClock clock = new FakeClock();
        try (var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Progress progress = Progress.toLog("score", "rows", 1000, out, clock)) {
            clock.advance(4.9);
            progress.advance(200); // before the first interval: no line
            clock.advance(0.1);
            progress.advance(50); // 250 rows in 5 s: 50 rows/s, 750 to go
            clock.advance(4);
            progress.advance(150); // 4 s after the last line: no line
            clock.advance(1);
            progress.advance(100); // 500 rows in 10 s: 50 rows/s, 500 to go
            progress.status("loss 0.4");
            clock.advance(2);
            progress.advance(500);
        }
        assertEquals(List.of(
                "score  250/1,000 rows (25.0%)  50 rows/s  ETA 15.0s",
                "score  500/1,000 rows (50.0%)  50 rows/s  ETA 10.0s",
                "score  1,000/1,000 rows (100.0%)  83 rows/s  in 12.0s  loss 0.4"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void closeTwicePrintsOnce() {
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress progress = Progress.toLog("x", "items", 10, out);
        progress.advance(10);
        progress.close();
        progress.close();
        assertEquals(1, bytes.toString(StandardCharsets.UTF_8).lines().count());
    }
}
