package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.testing.SharedData;

/** The main job end to end on the real ML-100K: it must print a result table with a sensible test AUC. */
class QuickstartCommandTest {
    private static final Pattern MEAN = Pattern.compile("test AUC (0\\.\\d{4}) ± (0\\.\\d{4}), test LogLoss (0\\.\\d{4})");

    @Test
    void trainsTheBaselineAndPrintsTestAucAndLogLoss(@TempDir Path work) {
        Path data = SharedData.ml100k();
        CliRun run = CliRun.of("quickstart", "--data", data.toString(), "--work", work.toString(), "--seeds", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("lr (baseline)"), run.out());
        Matcher mean = MEAN.matcher(run.out());
        assertTrue(mean.find(), run.out());
        double auc = Double.parseDouble(mean.group(1));
        double logLoss = Double.parseDouble(mean.group(3));
        // A linear model on these fields reaches about 0.778 on ML100K-U1 (docs/figures/foundation.md).
        assertTrue(auc > 0.77 && auc < 0.80, "test AUC " + auc);
        assertTrue(logLoss > 0.50 && logLoss < 0.60, "test LogLoss " + logLoss);
    }
}
