package org.recllm.ctr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;

class RunJournalTest {

    private static SeedResult result(long seed, double auc) {
        return new SeedResult(seed, auc, 0.55, 3, 0.77, 12_345.5,
                List.of(new EpochResult(1, 0.6, 0.75, 0.57, 1e-3f, 4.5), new EpochResult(2, 0.55, 0.77, 0.56, 1e-3f, 4.4)),
                new float[] {0.25f, 0.5f, 0.875f}, 0.71);
    }

    @Test
    void finishedRunsSurviveReopeningExactly(@TempDir Path dir) {
        Path file = dir.resolve("runs.jsonl");
        try (RunJournal journal = RunJournal.open(file)) {
            assertEquals(0, journal.size());
            journal.record("deepfm seed=1", result(1, 0.7861));
            journal.record("deepfm seed=2", result(2, 0.7873));
        }
        try (RunJournal journal = RunJournal.open(file)) {
            assertEquals(2, journal.size());
            SeedResult back = journal.find("deepfm seed=2").orElseThrow();
            assertEquals(0.7873, back.testAuc());
            assertEquals(2, back.epochs().size());
            assertEquals(0.77, back.epochs().get(1).validAuc());
            assertArrayEquals(new float[] {0.25f, 0.5f, 0.875f}, back.testScores());
            assertTrue(journal.find("deepfm seed=3").isEmpty());
        }
    }

    @Test
    void aLineTornByAKillIsDroppedAndOverwritten(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("runs.jsonl");
        try (RunJournal journal = RunJournal.open(file)) {
            journal.record("a", result(1, 0.71));
            journal.record("b", result(2, 0.72));
        }
        byte[] whole = Files.readAllBytes(file);
        int firstLineEnd = new String(whole, StandardCharsets.UTF_8).indexOf('\n') + 1;
        Files.write(file, Arrays.copyOf(whole, firstLineEnd + 40));
        try (RunJournal journal = RunJournal.open(file)) {
            assertEquals(1, journal.size());
            assertTrue(journal.find("b").isEmpty());
            journal.record("c", result(3, 0.73));
        }
        try (RunJournal journal = RunJournal.open(file)) {
            assertEquals(2, journal.size());
            assertEquals(0.73, journal.find("c").orElseThrow().testAuc());
        }
        assertEquals(2, Files.readAllLines(file).size());
    }

    @Test
    void damageBeforeTheLastLineNamesTheLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("runs.jsonl");
        try (RunJournal journal = RunJournal.open(file)) {
            journal.record("a", result(1, 0.71));
        }
        String good = Files.readString(file);
        Files.writeString(file, "{not json\n" + good, StandardOpenOption.TRUNCATE_EXISTING);
        BadInputException e = assertThrows(BadInputException.class, () -> RunJournal.open(file));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("runs.jsonl"), e.getMessage());
    }
}
