package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.testing.SharedData;

/**
 * The main job end to end on the real ML-100K: samples, metadata knowledge encoded with MiniLM, DeepFM trained without
 * and with it; the comparison table must carry sensible test AUCs and the reports must be written.
 */
class QuickstartCommandTest {
    private static final Pattern ROW = Pattern.compile(
            "deepfm +(0\\.\\d{4}) ± 0\\.0000 +(0\\.\\d{4}) ± 0\\.0000 +([+-]0\\.\\d{4}) +n/a \\(1 seed\\) +(0\\.\\d{4}) ± 0\\.0000");

    @Test
    void trainsDeepFmWithoutAndWithKnowledgeAndReportsBoth(@TempDir Path work) {
        Path data = SharedData.ml100k();
        // Five epochs at most: the comparison and its reports are under test here, not the last 0.002 of AUC.
        CliRun run = CliRun.of("quickstart", "--data", data.toString(), "--work", work.toString(), "--epochs", "5");
        assertEquals(0, run.exitCode(), run.err());
        Matcher row = ROW.matcher(run.out());
        assertTrue(row.find(), run.out());
        double without = Double.parseDouble(row.group(1));
        double with = Double.parseDouble(row.group(2));
        double gain = Double.parseDouble(row.group(3));
        double logLoss = Double.parseDouble(row.group(4));
        // DeepFM reaches about 0.787 on ML100K-U1 (docs/figures/ctr-zoo.md); a linear model about 0.778.
        assertTrue(without > 0.77 && without < 0.80, "test AUC without knowledge " + without);
        assertTrue(with > 0.77 && with < 0.80, "test AUC with knowledge " + with);
        assertEquals(with - without, gain, 1.5e-4);
        assertTrue(logLoss > 0.50 && logLoss < 0.58, "test LogLoss " + logLoss);
        assertTrue(run.out().contains("metadata text"), run.out());
        assertTrue(run.out().contains("batch 1024, lr 0.001, ≤ 5 epochs, patience 2, constant"), run.out());
        for (String report : new String[] {"kar.json", "kar.md", "kar.png", "kar-popularity.png", "kar-users.png",
                "kar.runs.jsonl"}) {
            assertTrue(Files.isRegularFile(work.resolve(report)), report);
        }
    }
}
