package org.recllm.rank.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;

class ScoreLogTest {

    @Test
    void scoresSurviveTheProcessAndATornLastWriteIsCutBack(@TempDir Path dir) throws IOException {
        try (ScoreLog log = ScoreLog.open(dir, "run a")) {
            assertArrayEquals(new float[0], log.done());
            log.append(new float[] {9, 0.25f, 0.5f, 9}, 1, 2);
            log.append(new float[] {0.75f}, 0, 1);
        }
        // A write torn by a crash: two bytes of a fourth score.
        Files.write(dir.resolve(ScoreLog.SCORES), new byte[] {1, 2}, StandardOpenOption.APPEND);
        try (ScoreLog log = ScoreLog.open(dir, "run a")) {
            assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f}, log.done());
            log.append(new float[] {0.125f}, 0, 1);
        }
        try (ScoreLog log = ScoreLog.open(dir, "run a")) {
            assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f, 0.125f}, log.done());
        }
    }

    @Test
    void aLogOfAnotherRunIsRefusedByItsKeyFile(@TempDir Path dir) {
        ScoreLog.open(dir, "run a").close();
        BadInputException e = assertThrows(BadInputException.class, () -> ScoreLog.open(dir, "run b"));
        assertTrue(e.getMessage().contains(ScoreLog.KEY) && e.getMessage().contains("run a"), e.getMessage());
    }
}
