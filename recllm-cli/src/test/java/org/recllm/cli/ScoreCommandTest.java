package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.scoring.BatchScorer;
import org.recllm.serve.scoring.CandidateScorer;

/** {@code recllm score}: a candidate table scored on several threads gives, in order, the one-thread scores. */
class ScoreCommandTest {

    @Test
    void scoresEveryRowInOrderAsASingleThreadDoes(@TempDir Path dir) throws Exception {
        Path samples = TinyMovieLens.prepared(dir);
        Path bundle = dir.resolve("bundle");
        CliRun train = CliRun.of("train", "--samples", samples.toString(), "--model", "din", "--epochs", "2",
                "--batch", "128", "--lr", "0.01", "--save", bundle.toString(), "--report", dir.resolve("r.json").toString());
        assertEquals(0, train.exitCode(), train.err());
        List<BatchScorer.Pair> pairs = new ArrayList<>();
        StringBuilder table = new StringBuilder("item_id,extra,user_id\n");
        for (int user = 1; user <= 40; user++) {
            for (int item = 1; item <= 250; item += 7) {
                pairs.add(new BatchScorer.Pair(Integer.toString(user), Integer.toString(item)));
                table.append(item).append(",x,").append(user).append('\n');
            }
        }
        Path candidates = Files.writeString(dir.resolve("candidates.csv"), table);
        Path out = dir.resolve("scores.csv");
        CliRun scored = CliRun.of("score", "--bundle", bundle.toString(), "--candidates", candidates.toString(),
                "--out", out.toString(), "--threads", "3", "--max-candidates", "16");
        assertEquals(0, scored.exitCode(), scored.err());
        assertTrue(scored.out().startsWith("scored " + String.format(java.util.Locale.ROOT, "%,d", pairs.size()) + " candidates into " + out
                + " with 3 thread(s)"), scored.out());

        List<String> lines = Files.readAllLines(out);
        assertEquals("user_id,item_id,score", lines.get(0));
        assertEquals(pairs.size() + 1, lines.size());
        CandidateScorer scorer = new CandidateScorer(ModelBundle.load(bundle), 16, 1);
        List<Float> expected = new ArrayList<>();
        new BatchScorer(scorer, 16).score(pairs.iterator(), (pair, score) -> expected.add(score));
        for (int i = 0; i < pairs.size(); i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(pairs.get(i).user(), cells[0]);
            assertEquals(pairs.get(i).item(), cells[1]);
            // Within 1e-6, not bit for bit: sessions on more threads may take other kernel paths (seen: one ulp).
            assertEquals(expected.get(i), Float.parseFloat(cells[2]), 1e-6f, "row " + (i + 1));
        }
    }

    @Test
    void aTableWithoutTheIdColumnsNamesThem(@TempDir Path dir) throws IOException {
        Path samples = TinyMovieLens.prepared(dir);
        Path bundle = dir.resolve("bundle");
        assertEquals(0, CliRun.of("train", "--samples", samples.toString(), "--model", "fm", "--epochs", "1",
                "--save", bundle.toString(), "--report", dir.resolve("r.json").toString()).exitCode());
        Path candidates = Files.writeString(dir.resolve("c.csv"), "user,item_id\n1,2\n");
        CliRun run = CliRun.of("score", "--bundle", bundle.toString(), "--candidates", candidates.toString(),
                "--out", dir.resolve("s.csv").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("c.csv:1: field 'user_id': missing; the bundle's model needs the columns user_id "
                + "and item_id, the header has [user, item_id]"), run.err());
        assertTrue(Files.notExists(dir.resolve("s.csv")));
    }
}
