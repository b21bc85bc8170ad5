package org.recllm.serve.scoring;

import org.recllm.serve.BadRequestException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;
import org.recllm.serve.bundle.BundleWriter;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.testing.ServingFixtures;

class CandidateScorerTest {

    @ParameterizedTest
    @CsvSource({"deepfm,false", "deepfm,true", "din,true", "dcnv2,true", "xdeepfm,true"})
    void scoresEqualTheTrainersOfflineTestScores(String model, boolean knowledge, @TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            ServingFixtures.Trained trained = ServingFixtures.train(store, model, knowledge, 3);
            BundleWriter.write(dir.resolve("bundle"), store, trained.bundle());
            CandidateScorer scorer = new CandidateScorer(ModelBundle.load(dir.resolve("bundle")), 8, 1);
            float[] offline = trained.result().testScores();
            SplitView test = store.split(Split.TEST);
            int compared = 0;
            for (int row = 0; row < test.rows(); row++) {
                String body = ServingFixtures.requestFor(store, test, row);
                if (body == null) {
                    continue;
                }
                float served = scorer.score(scorer.parse(body.getBytes(StandardCharsets.UTF_8)))[0];
                assertEquals(offline[row], served, 2e-6, "test row " + row);
                compared++;
            }
            assertTrue(compared > test.rows() / 2, "compared " + compared + " of " + test.rows() + " rows");
        }
    }

    /**
     * Versioned user knowledge is read by raw user id: the served scores equal the offline ones only if the server
     * fills the raw ids (its base rows are all zero), and a user outside the vocabulary still gets their version.
     */
    @Test
    void versionedKnowledgeIsServedByRawId(@TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            ServingFixtures.Trained trained = ServingFixtures.trainWithVersionedUsers(store, "din", 3);
            BundleWriter.write(dir.resolve("bundle"), store, trained.bundle());
            ModelBundle bundle = ModelBundle.load(dir.resolve("bundle"));
            assertTrue(bundle.layout().knowledge().getFirst().isVersioned(), "the bundle keeps the versions");
            CandidateScorer scorer = new CandidateScorer(bundle, 8, 1);
            float[] offline = trained.result().testScores();
            SplitView test = store.split(Split.TEST);
            int compared = 0;
            for (int row = 0; row < test.rows(); row++) {
                String body = ServingFixtures.requestFor(store, test, row);
                if (body != null) {
                    assertEquals(offline[row], scorer.score(scorer.parse(body.getBytes(StandardCharsets.UTF_8)))[0], 2e-6,
                            "test row " + row);
                    compared++;
                }
            }
            assertTrue(compared > test.rows() / 2, "compared " + compared + " of " + test.rows() + " rows");
        }
    }

    @Test
    void rawAttributesGoThroughTheTrainingFeaturesAndCandidatesScoreAsAlone(@TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            ServingFixtures.Trained trained = ServingFixtures.train(store, "deepfm", false, 5);
            BundleWriter.write(dir.resolve("bundle"), store, trained.bundle());
            CandidateScorer scorer = new CandidateScorer(ModelBundle.load(dir.resolve("bundle")), 40, 2);
            // User 7 of the fixture: F, age 25 (group 25-34), occupation2, zip 10007; item 9: 1989, [Comedy, Drama].
            float fromTables = score(scorer, "{\"user\": {\"user_id\": 7}, \"candidates\": [{\"item_id\": 9}]}");
            float fromRaw = score(scorer, "{\"user\": {\"user_id\": \"7\", \"gender\": \"F\", \"age\": 25, "
                    + "\"occupation\": \"occupation2\", \"zip\": \"10007\"}, \"candidates\": [{\"item_id\": 9, "
                    + "\"year\": 1989, \"genres\": [\"Comedy\", \"Drama\"]}]}");
            assertEquals(fromTables, fromRaw, 1e-7);
            float otherAge = score(scorer, "{\"user\": {\"user_id\": 7, \"age\": 60}, \"candidates\": [{\"item_id\": 9}]}");
            float sameGroup = score(scorer, "{\"user\": {\"user_id\": 7, \"age\": 34}, \"candidates\": [{\"item_id\": 9}]}");
            assertNotEquals(fromTables, otherAge);
            assertEquals(fromTables, sameGroup, 1e-7, "ages 25 and 34 are one training age group");

            StringBuilder many = new StringBuilder("{\"user\": {\"user_id\": 7}, \"candidates\": [");
            for (int item = 1; item <= 40; item++) {
                many.append(item == 1 ? "" : ",").append("{\"item_id\": ").append(item).append('}');
            }
            float[] together = scorer.score(scorer.parse(many.append("]}").toString().getBytes(StandardCharsets.UTF_8)));
            for (int item = 1; item <= 40; item++) {
                float alone = score(scorer, "{\"user\": {\"user_id\": 7}, \"candidates\": [{\"item_id\": " + item + "}]}");
                assertEquals(alone, together[item - 1], 2e-6, "item " + item);
            }
            float unknown = score(scorer, "{\"user\": {\"user_id\": \"no-such-user\"}, \"history\": [999, {\"item_id\": 3, "
                    + "\"label\": 0}], \"candidates\": [{\"item_id\": \"no-such-item\", \"genres\": [\"Western\"]}]}");
            assertTrue(unknown > 0 && unknown < 1, "unknown ids score through their OOV buckets: " + unknown);
        }
    }

    @ParameterizedTest
    @CsvSource({"lr,false", "fm,true", "widedeep,true", "deepfm,false", "deepfm,true", "dcn,true", "dcnv2,true",
            "xdeepfm,true", "autoint,true", "fibinet,true", "fignn,true", "pnn,true", "din,true", "dien,true"})
    void concurrentRequestsScoreAsSequentialOnes(String model, boolean knowledge, @TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            BundleWriter.write(dir.resolve("bundle"), store, ServingFixtures.train(store, model, knowledge, 4).bundle());
            CandidateScorer scorer = new CandidateScorer(ModelBundle.load(dir.resolve("bundle")), 64, 4);
            List<String> bodies = new ArrayList<>();
            for (int user = 1; user <= 24; user++) {
                StringBuilder body = new StringBuilder("{\"user\": {\"user_id\": " + user + "}, \"candidates\": [");
                for (int item = 1; item <= 10 + user; item++) {
                    body.append(item == 1 ? "" : ",").append("{\"item_id\": ").append((item * user) % 40 + 1).append('}');
                }
                bodies.add(body.append("]}").toString());
            }
            List<float[]> sequential = new ArrayList<>();
            for (String body : bodies) {
                sequential.add(scorer.score(scorer.parse(body.getBytes(StandardCharsets.UTF_8))));
            }
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<float[]>> concurrent = new ArrayList<>();
                for (int round = 0; round < 20; round++) {
                    for (String body : bodies) {
                        concurrent.add(threads.submit(() -> scorer.score(scorer.parse(body.getBytes(StandardCharsets.UTF_8)))));
                    }
                }
                for (int i = 0; i < concurrent.size(); i++) {
                    assertArrayEquals(sequential.get(i % bodies.size()), concurrent.get(i).get(), "request " + i);
                }
            }
        }
    }

    @Test
    void badRequestsNameTheFieldAtFault(@TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            BundleWriter.write(dir.resolve("bundle"), store, ServingFixtures.train(store, "fm", false, 1).bundle());
            CandidateScorer scorer = new CandidateScorer(ModelBundle.load(dir.resolve("bundle")), 3, 1);
            assertEquals("body", refusal(scorer, "{\"user\": "));
            assertEquals("body", refusal(scorer, "[1, 2]"));
            assertEquals("user", refusal(scorer, "{\"candidates\": [{\"item_id\": 1}]}"));
            assertEquals("user.user_id", refusal(scorer, "{\"user\": {}, \"candidates\": [{\"item_id\": 1}]}"));
            assertEquals("user.user_id", refusal(scorer, "{\"user\": {\"user_id\": 1.5}, \"candidates\": [{\"item_id\": 1}]}"));
            assertEquals("candidates", refusal(scorer, "{\"user\": {\"user_id\": 1}}"));
            assertEquals("candidates", refusal(scorer, "{\"user\": {\"user_id\": 1}, \"candidates\": []}"));
            assertEquals("candidates", refusal(scorer, "{\"user\": {\"user_id\": 1}, \"candidates\": "
                    + "[{\"item_id\": 1}, {\"item_id\": 2}, {\"item_id\": 3}, {\"item_id\": 4}]}"));
            assertEquals("candidates[1].item_id", refusal(scorer, "{\"user\": {\"user_id\": 1}, \"candidates\": "
                    + "[{\"item_id\": 1}, {\"id\": 2}]}"));
            assertEquals("history[0].label", refusal(scorer, "{\"user\": {\"user_id\": 1}, \"history\": "
                    + "[{\"item_id\": 1, \"label\": 4}], \"candidates\": [{\"item_id\": 1}]}"));
            assertEquals("user.age", refusal(scorer, "{\"user\": {\"user_id\": 1, \"age\": \"old\"}, \"candidates\": "
                    + "[{\"item_id\": 1}]}"));
            assertEquals("candidates[0].genres", refusal(scorer, "{\"user\": {\"user_id\": 1}, \"candidates\": "
                    + "[{\"item_id\": 1, \"genres\": [\"Action\", \"Comedy\", \"Drama\"]}]}"));
        }
    }

    private static String refusal(CandidateScorer scorer, String body) {
        return assertThrows(BadRequestException.class,
                () -> scorer.score(scorer.parse(body.getBytes(StandardCharsets.UTF_8)))).field();
    }

    private static float score(CandidateScorer scorer, String body) throws InterruptedException {
        return scorer.score(scorer.parse(body.getBytes(StandardCharsets.UTF_8)))[0];
    }
}
