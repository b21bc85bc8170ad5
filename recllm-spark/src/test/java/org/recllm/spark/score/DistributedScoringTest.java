package org.recllm.spark.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.BadInputException;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;
import org.recllm.serve.bundle.BundleWriter;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.scoring.BatchScorer;
import org.recllm.serve.scoring.CandidateScorer;
import org.recllm.serve.testing.ServingFixtures;
import org.recllm.spark.LocalSpark;

/** Scores from the Spark job equal the scoring server's for every candidate pair, whatever the partitioning. */
class DistributedScoringTest extends LocalSpark {

    @TempDir
    Path dir;

    @Test
    void everyPairGetsTheServersScore() throws Exception {
        Path bundle = dir.resolve("bundle");
        List<BatchScorer.Pair> pairs = new ArrayList<>();
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            BundleWriter.write(bundle, store, ServingFixtures.train(store, "din", true, 7).bundle());
            SplitView test = store.split(Split.TEST);
            for (int row = 0; row < test.rows(); row++) {
                for (int item : new int[] {test.ints(Columns.ITEM).get(row), 3, 999_999}) {
                    pairs.add(new BatchScorer.Pair(Integer.toString(test.ints(Columns.USER).get(row)), Integer.toString(item)));
                }
            }
        }
        StringBuilder csv = new StringBuilder("user_id,item_id,note\n");
        pairs.forEach(p -> csv.append(p.user()).append(',').append(p.item()).append(",x\n"));
        Path table = Files.writeString(dir.resolve("candidates.csv"), csv);

        Path out = dir.resolve("scored.parquet");
        long rows = new DistributedScoring(session, 3).score(bundle, table.toString(), out.toString(), 4);
        assertEquals(pairs.size(), rows);

        CandidateScorer scorer = new CandidateScorer(ModelBundle.load(bundle), 1, 1);
        Map<BatchScorer.Pair, Float> expected = new HashMap<>();
        new BatchScorer(scorer, 1).score(pairs.iterator(), expected::put);
        List<Row> written = session.read().parquet(out.toString()).collectAsList();
        assertEquals(pairs.size(), written.size());
        for (Row row : written) {
            BatchScorer.Pair pair = new BatchScorer.Pair(row.getString(0), row.getString(1));
            assertEquals(expected.get(pair), row.getFloat(2), 1e-6f, pair.toString());
        }
        assertTrue(written.stream().map(r -> r.getFloat(2)).distinct().count() > pairs.size() / 4);
    }

    @Test
    void aTableWithoutTheIdColumnsIsRefusedNamingThem() throws Exception {
        Path bundle = dir.resolve("bundle");
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            BundleWriter.write(bundle, store, ServingFixtures.train(store, "deepfm", false, 7).bundle());
        }
        Path table = Files.writeString(dir.resolve("c.csv"), "user,item\n1,2\n");
        var error = assertThrows(BadInputException.class, () -> new DistributedScoring(session, 2)
                .score(bundle, table.toString(), dir.resolve("o.parquet").toString(), 4));
        assertTrue(error.getMessage().contains("field 'user_id': missing; the bundle's model needs the columns user_id "
                + "and item_id, the table has [user, item]"), error.getMessage());
        Path blank = Files.writeString(dir.resolve("blank.csv"), "user_id,item_id\n1,2\n,3\n");
        error = assertThrows(BadInputException.class, () -> new DistributedScoring(session, 2)
                .score(bundle, blank.toString(), dir.resolve("o2.parquet").toString(), 4));
        assertTrue(error.getMessage().contains("field 'user_id': a row has no user_id"), error.getMessage());
        Files.createDirectories(dir.resolve("taken"));
        error = assertThrows(BadInputException.class, () -> new DistributedScoring(session, 2)
                .score(bundle, table.toString(), dir.resolve("taken").toString(), 4));
        assertTrue(error.getMessage().contains("exists; choose a new path"), error.getMessage());
    }
}
