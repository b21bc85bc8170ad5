package org.recllm.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    /** The lines a log-mode progress printed. */
    private static List<String> logged(String task, String unit, long total, long advance, String status) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Progress progress = Progress.toLog(task, unit, total, out)) {
            progress.advance(advance);
            if (status != null) {
                progress.status(status);
            }
            assertEquals(advance, progress.done());
            assertTrue(progress.rate() >= 0);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void closingPrintsCountsPercentRateAndElapsedTime() {
        List<String> lines = logged("train", "samples", 2000, 1234, "loss 0.512");
        String last = lines.getLast();
        assertTrue(last.matches(
                "train  1,234/2,000 samples \\(61\\.7%\\)  [0-9,]+ samples/s  in [0-9:.s]+  loss 0\\.512"), last);
        assertEquals(1, lines.stream().filter(line -> line.contains(" in ")).count(), lines.toString());
    }

    @Test
    void unknownTotalPrintsTheCountAlone() {
        String last = logged("scan", "rows", 0, 1_500_000, null).getLast();
        assertTrue(last.matches("scan  1,500,000 rows  [0-9,]+ rows/s  in [0-9:.s]+"), last);
    }

    @Test
    void slowWorkShowsItsRateWithDecimals() throws InterruptedException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Progress progress = Progress.toLog("generate", "prompts", 10, out)) {
            Thread.sleep(200);
            progress.advance(1);
        }
        String last = bytes.toString(StandardCharsets.UTF_8).lines().toList().getLast();
        assertTrue(last.matches("generate  1/10 prompts \\(10\\.0%\\)  [0-9]\\.[0-9]{2} prompts/s  in [0-9:.s]+"), last);
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
