package org.recllm.serve.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.Columns;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;
import org.recllm.serve.bundle.BundleWriter;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.testing.ServingFixtures;

/** A candidate table scored in runs of one user gives each pair the score of a request for that pair alone. */
class BatchScorerTest {

    @Test
    void runsOfOneUserScoreAsSingleRequests(@TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            ServingFixtures.Trained trained = ServingFixtures.train(store, "din", true, 5);
            BundleWriter.write(dir.resolve("bundle"), store, trained.bundle());
            CandidateScorer scorer = new CandidateScorer(ModelBundle.load(dir.resolve("bundle")), 3, 1);
            SplitView test = store.split(Split.TEST);
            List<BatchScorer.Pair> pairs = new ArrayList<>();
            for (int row = 0; row < test.rows(); row++) {
                String user = Integer.toString(test.ints(Columns.USER).get(row));
                for (int item : new int[] {test.ints(Columns.ITEM).get(row), 1, 2, 3, 999_999}) {
                    pairs.add(new BatchScorer.Pair(user, Integer.toString(item)));
                }
            }
            List<Float> batch = new ArrayList<>();
            long scored = new BatchScorer(scorer, 3).score(pairs.iterator(), (pair, score) -> batch.add(score));
            assertEquals(pairs.size(), scored);
            assertEquals(pairs.size(), batch.size());
            int distinct = 0;
            for (int i = 0; i < pairs.size(); i++) {
                BatchScorer.Pair pair = pairs.get(i);
                String body = "{\"user\": {\"user_id\": \"" + pair.user() + "\"}, \"candidates\": [{\"item_id\": \""
                        + pair.item() + "\"}]}";
                float alone = scorer.score(scorer.parse(body.getBytes(StandardCharsets.UTF_8)))[0];
                assertEquals(alone, batch.get(i), 1e-6f, "pair " + i + " " + pair);
                if (i > 0 && Math.abs(batch.get(i) - batch.get(i - 1)) > 1e-4) {
                    distinct++;
                }
            }
            assertTrue(distinct > pairs.size() / 2, "scores vary with the pair: " + distinct);
        }
    }
}
