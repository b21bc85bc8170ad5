package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.testing.SharedData;
import org.recllm.ctr.features.KnowledgeInput;
import org.recllm.serve.bundle.ModelBundle;

/**
 * Streaming updates end to end on the tiny MovieLens (ratings over about five hours, so hourly windows): fact versions,
 * then LLM versions from stories260K for a few users, each rerun resuming; encoded, given to a model as user-stream
 * knowledge, saved, and loaded back with its versions.
 */
class KnowledgeUpdateCommandTest {

    @Test
    void versionsPerWindowResumeAndReachAModelThatServesTheNewest(@TempDir Path dir) throws IOException {
        Path data = TinyMovieLens.write(dir.resolve("data"));
        String store = dir.resolve("k.db").toString();
        CliRun facts = CliRun.of("knowledge", "update", "--store", store, "--data", data.toString(), "--window", "1h",
                "--facts");
        assertEquals(0, facts.exitCode(), facts.err());
        Matcher written = Pattern.compile("facts: (\\d+) windows of 1h from \\S+ to \\S+; (\\d+) user-window versions "
                + "\\(0 stored before, (\\d+) new\\)").matcher(facts.out());
        assertTrue(written.find(), facts.out());
        assertEquals(10, Integer.parseInt(written.group(1)),
                "ratings from 4:26 to 9:44 UTC; windows from midnight, the first four empty: " + facts.out());
        int versions = Integer.parseInt(written.group(2));
        assertTrue(versions > 60, "each of 60 users is active in several windows: " + facts.out());
        assertEquals(versions, Integer.parseInt(written.group(3)));
        CliRun again = CliRun.of("knowledge", "update", "--store", store, "--data", data.toString(), "--window", "1h",
                "--facts");
        assertTrue(again.out().contains(versions + " user-window versions (" + versions + " stored before, 0 new)"),
                "a rerun resumes: " + again.out());

        Path model = SharedData.require("models/stories260K.gguf");
        String[] llm = {"knowledge", "update", "--store", store, "--data", data.toString(), "--window", "1h", "--users",
                "3", "--model", model.toString(), "--max-tokens", "8"};
        CliRun asked = CliRun.of(llm);
        assertEquals(0, asked.exitCode(), asked.err());
        Matcher tokens = Pattern.compile("stories260K.gguf: 10 windows of 1h .*; (\\d+) user-window versions \\(0 stored "
                + "before, \\1 new\\)[\\s\\S]*tokens of the new versions: ([\\d,]+) prompt, ([\\d,]+) completion; "
                + "re-reading each user's recent history instead would take ([\\d,]+) prompt tokens").matcher(asked.out());
        assertTrue(tokens.find(), asked.out());
        assertTrue(Integer.parseInt(tokens.group(1)) >= 3, asked.out());
        CliRun resumed = CliRun.of(llm);
        assertTrue(resumed.out().contains("stored before, 0 new"), "a rerun asks nothing: " + resumed.out());

        assertEquals(0, CliRun.of("knowledge", "encode", "--store", store).exitCode());
        Path randomSplit = TinyMovieLens.prepared(dir.resolve("u1"));
        CliRun refused = CliRun.of("train", "--samples", randomSplit.toString(), "--model", "deepfm", "--epochs", "1",
                "--knowledge", store, "--knowledge-types", "user-stream");
        assertEquals(2, refused.exitCode(), "under a random split a training row would read versions of test ratings");
        assertTrue(refused.err().contains("protocol ml100k-u1") && refused.err().contains("--protocol time"), refused.err());

        Path samples = TinyMovieLens.prepared(dir.resolve("samples"), "--protocol", "time");
        Path bundle = dir.resolve("bundle");
        CliRun train = CliRun.of("train", "--samples", samples.toString(), "--model", "deepfm", "--epochs", "1",
                "--knowledge", store, "--knowledge-types", "user-stream", "--save", bundle.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().matches("(?s).*user-stream +\\d+ +\\d+ +\\d+ +0 +[\\d,]+ versions of 60 users \\(\\d+ outside the vocabulary\\) over 6 windows of 1h; [\\d.]+% of test rows read one.*"),
                train.out());
        KnowledgeInput loaded = ModelBundle.load(bundle).layout().knowledge().getFirst();
        assertTrue(loaded.isVersioned(), "the bundle keeps the versions; a server reads each user's newest");
        assertTrue(loaded.rows() > loaded.keyRows());
    }

    @Test
    void badWindowsAndWritersAreRefusedByName(@TempDir Path dir) throws IOException {
        Path data = TinyMovieLens.write(dir.resolve("data"));
        String store = dir.resolve("k.db").toString();
        CliRun window = CliRun.of("knowledge", "update", "--store", store, "--data", data.toString(), "--window", "7x",
                "--facts");
        assertEquals(2, window.exitCode());
        assertTrue(window.err().contains("--window") && window.err().contains("12h, 7d or 2w"), window.err());
        CliRun until = CliRun.of("knowledge", "update", "--store", store, "--data", data.toString(), "--window", "1h",
                "--facts", "--until", "1990-01-01");
        assertEquals(2, until.exitCode());
        assertTrue(until.err().contains("--until") && until.err().contains("no rating"), until.err());
        CliRun neither = CliRun.of("knowledge", "update", "--store", store, "--data", data.toString(), "--window", "1h");
        assertEquals(2, neither.exitCode());
        assertTrue(neither.err().contains("--facts") && neither.err().contains("--model"), neither.err());
        CliRun both = CliRun.of("knowledge", "update", "--store", store, "--data", data.toString(), "--window", "1h",
                "--facts", "--model", "m.gguf");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }
}
