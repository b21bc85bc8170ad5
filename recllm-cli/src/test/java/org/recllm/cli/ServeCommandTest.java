package org.recllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.AtomicFiles;
import org.recllm.core.metrics.Auc;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;
import org.recllm.serve.http.CtrServer;
import org.recllm.serve.http.ServerSettings;
import org.recllm.serve.testing.ServingFixtures;

/** {@code train --save} then the scoring server: its scores of the test split give the report's test AUC. */
class ServeCommandTest {

    @Test
    void theServedBundleScoresTheTestSplitAsTrainingDid(@TempDir Path dir) throws Exception {
        Path samples = TinyMovieLens.prepared(dir);
        Path bundle = dir.resolve("bundle");
        Path report = dir.resolve("din.json");
        CliRun train = CliRun.of("train", "--samples", samples.toString(), "--model", "din", "--seeds", "2", "--epochs", "3",
                "--batch", "128", "--lr", "0.01", "--save", bundle.toString(), "--report", report.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("bundle: " + bundle), train.out());
        try (var entries = Files.list(dir)) {
            assertFalse(entries.anyMatch(p -> p.getFileName().toString().startsWith("bundle.seeds")),
                    "the seeds' work folder is removed");
        }
        JsonNode seeds = AtomicFiles.JSON.readTree(report.toFile()).get("seeds");
        JsonNode best = seeds.get(0).get("valid_auc").asDouble() >= seeds.get(1).get("valid_auc").asDouble() ? seeds.get(0) : seeds.get(1);
        JsonNode manifest = AtomicFiles.JSON.readTree(bundle.resolve("manifest.json").toFile());
        assertEquals(best.get("seed").asLong(), manifest.get("seed").asLong());
        assertEquals("ml100k-u1", manifest.get("protocol").asText());

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (SampleStore store = SampleStore.open(samples);
             CtrServer server = CtrServer.start(bundle, ServerSettings.defaults(0), message -> { })) {
            SplitView test = store.split(Split.TEST);
            float[] scores = new float[test.rows()];
            for (int row = 0; row < test.rows(); row++) {
                String body = ServingFixtures.requestFor(store, test, row);
                assertTrue(body != null, "every history item of the tiny dataset is known");
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/v1/score")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                scores[row] = AtomicFiles.JSON.readTree(response.body()).get("scores").get(0).floatValue();
            }
            assertEquals(best.get("test_auc").asDouble(), Auc.of(scores, test.labels().toArray()), 1e-6);
        }

        Path bench = dir.resolve("bench.json");
        CliRun load = CliRun.of("bench", "serve", "--bundle", bundle.toString(), "--candidates", "10", "--rates", "100",
                "--seconds", "1", "--warmup", "0", "--connections", "2", "--out", bench.toString());
        assertEquals(0, load.exitCode(), load.err());
        JsonNode results = AtomicFiles.JSON.readTree(bench.toFile()).get("results");
        assertEquals(2, results.size());
        assertEquals("max (closed loop)", results.get(0).get("run").asText());
        assertTrue(results.get(1).get("result").get("requests").asInt() >= 90, results.toString());
        assertEquals(0, results.get(1).get("result").get("errors").asInt());
        assertTrue(AtomicFiles.JSON.readTree(bench.toFile()).get("machine").get("processors").asInt() >= 1);
    }

    @Test
    void serveRefusesAMissingBundleAndBadOptionsByName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        CliRun missing = CliRun.of("serve", "ctr", "--bundle", dir.resolve("none").toString(), "--port", "0");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains(dir.resolve("none").resolve("manifest.json") + ": is missing"), missing.err());
        CliRun port = CliRun.of("serve", "ctr", "--bundle", dir.toString(), "--port", "70000");
        assertEquals(2, port.exitCode());
        assertTrue(port.err().contains("--port"), port.err());
        CliRun noModel = CliRun.of("serve", "llm", "--model", dir.resolve("none.gguf").toString());
        assertEquals(2, noModel.exitCode());
        assertTrue(noModel.err().contains("none.gguf") && noModel.err().contains("not found"), noModel.err());
        CliRun poolAlone = CliRun.of("serve", "llm", "--model", org.recllm.core.testing.SharedData.require(
                "models/stories260K.gguf").toString(), "--pool", dir.resolve("notes.txt").toString(), "--port", "0");
        assertEquals(2, poolAlone.exitCode());
        assertTrue(poolAlone.err().contains("--pool") && poolAlone.err().contains("--speculative"), poolAlone.err());
        CliRun notBundle = CliRun.of("train", "--samples", dir.toString(), "--model", "fm", "--save", dir.toString());
        assertEquals(2, notBundle.exitCode());
        assertTrue(notBundle.err().contains("--save") && notBundle.err().contains("not a model bundle"), notBundle.err());
    }
}
