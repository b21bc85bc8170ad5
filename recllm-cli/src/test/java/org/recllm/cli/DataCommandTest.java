package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.testing.SharedData;

/** {@code recllm data prepare|convert|export|stats} end to end on the real ML-100K, and their errors on bad input. */
class DataCommandTest {
    @TempDir
    Path temp;

    @Test
    void preparesMl100kU1WithTheProtocolCounts() throws IOException {
        Path data = SharedData.ml100k();
        Path store = temp.resolve("store");
        CliRun run = CliRun.of("data", "prepare", "--dataset", "ml-100k", "--data", data.toString(),
                "--protocol", "ml100k-u1", "--out", store.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("73,240"), run.out());
        assertTrue(run.out().contains("6,760"), run.out());
        assertTrue(run.out().contains("20,000"), run.out());
        String stats = Files.readString(store.resolve("stats.json"));
        assertTrue(stats.contains("\"rows\" : 73240"), stats);

        Path export = temp.resolve("export");
        CliRun exported = CliRun.of("data", "export", "--samples", store.toString(), "--format", "csv", "--out", export.toString());
        assertEquals(0, exported.exitCode(), exported.err());
        List<String> test = Files.readAllLines(export.resolve("test.csv"));
        assertEquals(20_001, test.size(), "header + 20,000 test rows");
        assertEquals("label,user_id,gender,age,occupation,zip,item_id,year,genres,hist_item,hist_genre,hist_label", test.get(0));
        assertTrue(Files.readString(export.resolve("fuxictr_dataset_config.yaml")).contains("share_embedding: item_id"));

        CliRun verified = CliRun.of("data", "stats", "--samples", store.toString(), "--verify");
        assertEquals(0, verified.exitCode(), verified.err());
        assertTrue(verified.out().contains("all columns verified"), verified.out());
    }

    @Test
    void temporalProtocolSplitsEightOneOne() {
        Path data = SharedData.ml100k();
        CliRun run = CliRun.of("data", "prepare", "--data", data.toString(), "--protocol", "time",
                "--out", temp.resolve("time").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("80,000") && run.out().contains("10,000"), run.out());
    }

    @Test
    void unknownProtocolIsOneClearLine() {
        CliRun run = CliRun.of("data", "prepare", "--data", temp.toString(), "--protocol", "random",
                "--out", temp.resolve("out").toString());
        assertEquals(2, run.exitCode());
        assertEquals("error: --protocol: unknown protocol 'random'; expected one of [ml100k-u1, time]", run.err().strip());
        assertFalse(Files.exists(temp.resolve("out")), "nothing is written on bad input");
    }

    @Test
    void missingDataFileNamesTheFile() {
        CliRun run = CliRun.of("data", "prepare", "--data", temp.toString(), "--out", temp.resolve("out").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains(temp.resolve("u.genre") + ": file not found"), run.err());
        assertFalse(Files.exists(temp.resolve("out")));
    }

    @Test
    void malformedRatingNamesFileLineAndField() throws IOException {
        Path data = SharedData.ml100k();
        Path copy = temp.resolve("ml-100k");
        Files.createDirectories(copy);
        for (String file : List.of("u.genre", "u.user", "u.item", "u.data")) {
            Files.copy(data.resolve(file), copy.resolve(file));
        }
        List<String> lines = Files.readAllLines(copy.resolve("u.data"));
        String[] third = lines.get(2).split("\t");
        lines.set(2, third[0] + "\t" + third[1] + "\t7\t" + third[3]);
        Files.write(copy.resolve("u.data"), lines);
        CliRun run = CliRun.of("data", "prepare", "--data", copy.toString(), "--protocol", "time",
                "--out", temp.resolve("out").toString());
        assertEquals(2, run.exitCode());
        assertEquals("error: " + copy.resolve("u.data") + ":3: field 'rating': rating 7 is out of range; "
                + "expected an integer from 1 to 5", run.err().strip());
    }

    @Test
    void u1ProtocolOnADatasetWithoutTheSplitSaysWhatToUse() throws IOException {
        Path data = SharedData.ml100k();
        Path copy = temp.resolve("no-split");
        Files.createDirectories(copy);
        for (String file : List.of("u.genre", "u.user", "u.item", "u.data")) {
            Files.copy(data.resolve(file), copy.resolve(file));
        }
        CliRun run = CliRun.of("data", "prepare", "--data", copy.toString(), "--protocol", "ml100k-u1",
                "--out", temp.resolve("out").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("needs ML-100K's official split u1.base/u1.test; use the time protocol"), run.err());
    }

    @Test
    void exportOfSomethingThatIsNotAStoreSaysSo() {
        CliRun run = CliRun.of("data", "export", "--samples", temp.toString(), "--out", temp.resolve("csv").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("is not a sample store (no CURRENT file)"), run.err());
    }

    @Test
    void aSyntheticLogPreparesLikeMl100kAndIsNeverWrittenOverADataset() {
        Path log = temp.resolve("log");
        CliRun synth = CliRun.of("data", "synth-log", "--users", "300", "--items", "500", "--ratings", "30000",
                "--out", log.toString());
        assertEquals(0, synth.exitCode(), synth.err());
        assertTrue(synth.out().startsWith("wrote 30,000 ratings of 300 users on 500 items to " + log), synth.out());
        CliRun prepared = CliRun.of("data", "prepare", "--dataset", "ml-100k", "--data", log.toString(), "--protocol",
                "time", "--out", temp.resolve("samples").toString());
        assertEquals(0, prepared.exitCode(), prepared.err());
        assertTrue(prepared.out().contains("24,000"), "the first 80% train: " + prepared.out());

        CliRun again = CliRun.of("data", "synth-log", "--users", "3", "--items", "5", "--ratings", "10",
                "--out", log.toString());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already holds u.data; choose a new folder"), again.err());
    }

    @Test
    void aDatasetConvertedToALogPreparesIntoTheSameSamples() throws IOException {
        Path log = temp.resolve("ml100k-log");
        CliRun convert = CliRun.of("data", "convert", "--dataset", "ml-100k", "--data", SharedData.ml100k().toString(),
                "--out", log.toString());
        assertEquals(0, convert.exitCode(), convert.err());
        assertTrue(convert.out().startsWith("wrote 100,000 interactions of 943 users on 1,682 items (ml-100k) to " + log),
                convert.out());
        Path fromLog = temp.resolve("from-log");
        Path fromFiles = temp.resolve("from-files");
        assertEquals(0, CliRun.of("data", "prepare", "--dataset", "log", "--data", log.toString(), "--protocol", "time",
                "--out", fromLog.toString()).exitCode());
        assertEquals(0, CliRun.of("data", "prepare", "--dataset", "ml-100k", "--data", SharedData.ml100k().toString(),
                "--protocol", "time", "--out", fromFiles.toString()).exitCode());
        try (var a = org.recllm.data.store.SampleStore.openVerified(fromLog);
             var b = org.recllm.data.store.SampleStore.openVerified(fromFiles)) {
            assertEquals(b.contentId(), a.contentId(), "every column of every split");
            assertEquals("log", a.info().dataset());
        }

        CliRun again = CliRun.of("data", "convert", "--data", SharedData.ml100k().toString(), "--out", log.toString());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already holds interactions.csv; choose a new folder"), again.err());
        CliRun u1 = CliRun.of("data", "prepare", "--dataset", "log", "--data", log.toString(), "--protocol", "ml100k-u1",
                "--out", temp.resolve("u1").toString());
        assertEquals(2, u1.exitCode());
        assertTrue(u1.err().contains("use the time protocol for log"), u1.err());
        CliRun noData = CliRun.of("data", "prepare", "--dataset", "log", "--protocol", "time", "--out",
                temp.resolve("x").toString());
        assertEquals(2, noData.exitCode());
        assertTrue(noData.err().contains("an interaction log is your own data: pass --data DIR"), noData.err());
    }
}
