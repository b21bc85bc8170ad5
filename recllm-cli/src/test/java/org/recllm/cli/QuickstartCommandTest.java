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
    private static final Pattern ROW = Pattern.compile("deepfm +1 +(0\\.\\d{4}) ± 0\\.0000 +(0\\.\\d{4}) ± 0\\.0000");

    @Test
    void trainsDeepFmAndPrintsTestAucAndLogLoss(@TempDir Path work) {
        Path data = SharedData.ml100k();
        CliRun run = CliRun.of("quickstart", "--data", data.toString(), "--work", work.toString());
        assertEquals(0, run.exitCode(), run.err());
        Matcher row = ROW.matcher(run.out());
        assertTrue(row.find(), run.out());
        double auc = Double.parseDouble(row.group(1));
        double logLoss = Double.parseDouble(row.group(2));
        // DeepFM reaches about 0.787 on ML100K-U1 (docs/figures/ctr-zoo.md); a linear model about 0.778.
        assertTrue(auc > 0.78 && auc < 0.80, "test AUC " + auc);
        assertTrue(logLoss > 0.50 && logLoss < 0.58, "test LogLoss " + logLoss);
    }
}
