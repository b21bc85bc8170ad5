package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The fault run's stack traces, as one-line errors: every failure prints one line starting {@code error: }, with no
 * Java type name, and an unexpected one names the log file that holds its details.
 */
class CliErrorContractTest {
    private static final Pattern TYPE_NAME = Pattern.compile("(?:java|org|com)\\.[\\w.]+(?:Exception|Error)");

    @TempDir
    Path temp;

    /** A command with a bug: what the handler sees of a failure nobody anticipated. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("wrapped: java.io.FileNotFoundException: /x/y (No such file or directory)");
        }
    }

    /** What a class that reads a bad -D flag while it initialises throws (Sgemm with -Drecllm.gemm.rows=6). */
    @Command(name = "badflag")
    static final class BadFlag implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new ExceptionInInitializerError(new org.recllm.core.io.BadInputException("-Drecllm.gemm.rows", 0,
                    null, "'6': expected 4 or 8 (rows of the GEMM micro-kernel)"));
        }
    }

    private CliRun run(CrashLog log, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = RecLlm.commandLine(log).addSubcommand("boom", new Boom()).addSubcommand("badflag", new BadFlag());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return new CliRun(RecLlm.execute(line, log, args), out.toString(), err.toString());
    }

    private static void assertOneCleanLine(CliRun run, int exitCode, String... expected) {
        assertEquals(exitCode, run.exitCode(), run.err());
        String err = run.err().strip();
        assertTrue(err.startsWith("error: "), err);
        assertFalse(err.contains("\n") || err.contains("\tat "), "one line, no stack trace: " + err);
        assertFalse(TYPE_NAME.matcher(err).find(), "no exception type: " + err);
        for (String part : expected) {
            assertTrue(err.contains(part), "expected <" + part + "> in <" + err + ">");
        }
    }

    private Path tinyDataset() throws IOException {
        return TinyMovieLens.write(temp.resolve("tiny"));
    }

    private CliRun prepare(Path data, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("data", "prepare", "--data", data.toString(),
                "--out", temp.resolve("store").toString()));
        args.addAll(List.of(extra));
        return run(new CrashLog(temp.resolve("logs")), args.toArray(String[]::new));
    }

    @Test
    void anUnexpectedFailureIsOneLineNamingALogWithItsStackTrace() throws IOException {
        Path logs = temp.resolve("logs");
        CliRun run = run(new CrashLog(logs), "boom");
        assertOneCleanLine(run, 1, "recllm failed unexpectedly: wrapped: /x/y (No such file or directory)",
                "details are in " + logs);
        Matcher named = Pattern.compile("details are in (\\S+)").matcher(run.err());
        assertTrue(named.find(), run.err());
        Path log = Path.of(named.group(1));
        assertEquals(logs, log.getParent());
        String details = Files.readString(log);
        assertTrue(details.startsWith("recllm boom\n"), details);
        assertTrue(details.contains("java.lang.IllegalStateException") && details.contains("at org.recllm.cli"), details);
    }

    @Test
    void aBadFlagReadWhileAClassInitialisesIsBadInput() {
        CliRun run = run(new CrashLog(temp.resolve("logs")), "badflag");
        assertOneCleanLine(run, 2, "-Drecllm.gemm.rows: '6': expected 4 or 8");
        assertFalse(Files.exists(temp.resolve("logs")), "bad input writes no crash log");
    }

    @Test
    void aLogFolderThatCannotBeWrittenFallsBackToTheTemporaryFolder() throws IOException {
        Path notAFolder = Files.writeString(temp.resolve("file"), "x");
        CliRun run = run(new CrashLog(notAFolder.resolve("logs")), "boom");
        assertOneCleanLine(run, 1, "details are in " + Path.of(System.getProperty("java.io.tmpdir"), "recllm-logs"));
        Matcher named = Pattern.compile("details are in (\\S+)").matcher(run.err());
        assertTrue(named.find());
        Files.delete(Path.of(named.group(1)));
    }

    @Test
    void historyLengthsBeyondTheBoundAreOneLineBeforeAnyDataIsRead() {
        for (String history : List.of("100000", "2000000000", "-1")) {
            CliRun run = prepare(temp.resolve("absent"), "--history", history);
            assertOneCleanLine(run, 2, "--history: expected a length from 0 to 1000, got " + history);
        }
        assertFalse(Files.exists(temp.resolve("store")));
    }

    @Test
    void anEmptyU1BaseIsOneLineNamingTheFile() throws IOException {
        Path data = tinyDataset();
        Files.writeString(data.resolve("u1.base"), "");
        assertOneCleanLine(prepare(data), 2, data.resolve("u1.base") + ": holds no ratings");
    }

    @Test
    void anEmptyUDataIsRejected() throws IOException {
        Path data = tinyDataset();
        Files.writeString(data.resolve("u.data"), "\n");
        assertOneCleanLine(prepare(data, "--protocol", "time"), 2, data.resolve("u.data") + ": holds no ratings");
    }

    @Test
    void aRepeatedRatingNamesBothLinesAndTheFlagThatKeepsTheLast() throws IOException {
        Path data = tinyDataset();
        Path base = data.resolve("u1.base");
        List<String> lines = Files.readAllLines(base);
        String[] first = lines.getFirst().split("\t");
        lines.add(first[0] + "\t" + first[1] + "\t" + (first[2].equals("5") ? "1" : "5") + "\t" + first[3]);
        Files.write(base, lines);
        assertOneCleanLine(prepare(data), 2, base + ":" + lines.size() + ": conflicts with line 1",
                "--duplicates keep-last");
        assertFalse(Files.exists(temp.resolve("store")));
        assertOneCleanLine(prepare(data, "--duplicates", "first"), 2, "--duplicates: expected error or keep-last");
        CliRun kept = prepare(data, "--duplicates", "keep-last");
        assertEquals(0, kept.exitCode(), kept.err());
    }

    @Test
    void statsVerifyOnADamagedStoreIsOneLineNamingTheFile() throws IOException {
        assertEquals(0, prepare(tinyDataset()).exitCode());
        Path store = temp.resolve("store");
        Path generation = store.resolve(Files.readString(store.resolve("CURRENT")).strip());
        Path column = generation.resolve("test/item_id.bin");
        Files.delete(column);
        CliRun run = run(new CrashLog(temp.resolve("logs")), "data", "stats", "--samples", store.toString(), "--verify");
        assertOneCleanLine(run, 2, column + ": is missing; the store is damaged");
        assertFalse(Files.exists(temp.resolve("logs")), "an expected failure writes no log");
    }
}
