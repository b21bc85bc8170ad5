package org.recllm.serve.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.core.io.AtomicFiles;
import org.recllm.data.protocol.Split;
import org.recllm.data.store.SampleStore;
import org.recllm.data.store.SplitView;
import org.recllm.serve.bundle.BundleWriter;
import org.recllm.serve.testing.ServingFixtures;

class CtrServerTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ServerSettings settings(Duration watch) {
        return new ServerSettings("127.0.0.1", 0, 1000, 1 << 16, 2, watch, Duration.ofSeconds(10));
    }

    @Test
    void scoresOverHttpEqualOfflineScoresAndEndpointsReport(@TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            ServingFixtures.Trained trained = ServingFixtures.train(store, "din", true, 2);
            String version = BundleWriter.write(dir.resolve("bundle"), store, trained.bundle()).modelVersion();
            try (CtrServer server = CtrServer.start(dir.resolve("bundle"), settings(Duration.ZERO), message -> { })) {
                SplitView test = store.split(Split.TEST);
                int compared = 0;
                for (int row = 0; row < test.rows() && compared < 40; row++) {
                    String body = ServingFixtures.requestFor(store, test, row);
                    if (body == null) {
                        continue;
                    }
                    HttpResponse<String> response = post(server, "/v1/score", body);
                    assertEquals(200, response.statusCode(), response.body());
                    JsonNode answer = AtomicFiles.JSON.readTree(response.body());
                    assertEquals(version, answer.get("model_version").asText());
                    assertEquals(trained.result().testScores()[row], answer.get("scores").get(0).floatValue(), 2e-6);
                    compared++;
                }
                assertEquals(40, compared);

                HttpResponse<String> malformed = post(server, "/v1/score", "{\"user\": {\"user_id\": 1}, \"candidates\": [");
                assertEquals(400, malformed.statusCode());
                assertEquals("body", AtomicFiles.JSON.readTree(malformed.body()).get("field").asText());
                HttpResponse<String> noUser = post(server, "/v1/score", "{\"user\": {}, \"candidates\": [{\"item_id\": 1}]}");
                assertEquals(400, noUser.statusCode());
                assertEquals("user.user_id", AtomicFiles.JSON.readTree(noUser.body()).get("field").asText());
                HttpResponse<String> huge = post(server, "/v1/score", "{\"user\": {\"user_id\": 1, \"note\": \""
                        + "x".repeat(1 << 16) + "\"}, \"candidates\": [{\"item_id\": 1}]}");
                assertEquals(400, huge.statusCode());
                assertTrue(huge.body().contains("exceed the limit of 65536"), huge.body());

                assertEquals(200, get(server, "/health").statusCode());
                assertEquals(200, get(server, "/ready").statusCode());
                String metrics = get(server, "/metrics").body();
                assertTrue(metrics.contains("recllm_score_requests_total{status=\"200\"} 40"), metrics);
                assertTrue(metrics.contains("recllm_score_requests_total{status=\"400\"} 3"), metrics);
                assertTrue(metrics.contains("recllm_score_request_seconds_count 43"), metrics);
                assertTrue(metrics.contains("recllm_model_info{version=\"" + version + "\"} 1"), metrics);
            }
        }
    }

    @Test
    void aNewBundleIsSwappedInWithoutDroppingARequest(@TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            Path bundle = dir.resolve("bundle");
            String first = BundleWriter.write(bundle, store, ServingFixtures.train(store, "deepfm", false, 1).bundle()).modelVersion();
            BundleWriter.Trained next = ServingFixtures.train(store, "deepfm", false, 2).bundle();
            try (CtrServer server = CtrServer.start(bundle, settings(Duration.ofMillis(20)), message -> { })) {
                AtomicBoolean running = new AtomicBoolean(true);
                Set<String> versions = ConcurrentHashMap.newKeySet();
                List<Integer> statuses = new CopyOnWriteArrayList<>();
                ExecutorService clients = Executors.newFixedThreadPool(3);
                List<Future<?>> loops = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    loops.add(clients.submit(() -> {
                        while (running.get()) {
                            HttpResponse<String> response = post(server, "/v1/score",
                                    "{\"user\": {\"user_id\": 4}, \"candidates\": [{\"item_id\": 5}, {\"item_id\": 6}]}");
                            statuses.add(response.statusCode());
                            versions.add(AtomicFiles.JSON.readTree(response.body()).get("model_version").asText());
                        }
                        return null;
                    }));
                }
                Thread.sleep(200);
                String second = BundleWriter.write(bundle, store, next).modelVersion();
                assertNotEquals(first, second);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!server.modelVersion().equals(second) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(200);
                running.set(false);
                for (Future<?> loop : loops) {
                    loop.get();
                }
                clients.shutdown();
                assertEquals(second, server.modelVersion());
                assertEquals(Set.of(first, second), versions);
                assertTrue(statuses.size() > 20, "requests during the test: " + statuses.size());
                assertTrue(statuses.stream().allMatch(s -> s == 200), "every request answered 200: " + statuses);
                assertTrue(get(server, "/metrics").body().contains("recllm_bundle_reloads_total{outcome=\"loaded\"} 1"));
            }
        }
    }

    @Test
    void aBundleThatFailsToLoadLeavesTheOldOneServing(@TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            Path bundle = dir.resolve("bundle");
            String first = BundleWriter.write(bundle, store, ServingFixtures.train(store, "fm", false, 1).bundle()).modelVersion();
            List<String> log = new CopyOnWriteArrayList<>();
            try (CtrServer server = CtrServer.start(bundle, settings(Duration.ZERO), log::add)) {
                String second = BundleWriter.write(bundle, store, ServingFixtures.train(store, "fm", false, 2).bundle()).modelVersion();
                java.nio.file.Files.writeString(bundle.resolve(second).resolve("tables.json"), "{\"users\": ");
                HttpResponse<String> reload = post(server, "/admin/reload", "");
                assertEquals(500, reload.statusCode());
                assertTrue(reload.body().contains("tables.json") && reload.body().contains(first), reload.body());
                HttpResponse<String> scored = post(server, "/v1/score", "{\"user\": {\"user_id\": 4}, \"candidates\": [{\"item_id\": 5}]}");
                assertEquals(200, scored.statusCode());
                assertEquals(first, AtomicFiles.JSON.readTree(scored.body()).get("model_version").asText());
                assertTrue(get(server, "/metrics").body().contains("recllm_bundle_reloads_total{outcome=\"failed\"} 1"));
            }
        }
    }

    private static final int CANDIDATES = 20_000;

    @Test
    void closingFinishesRequestsInFlight(@TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            BundleWriter.write(dir.resolve("bundle"), store, ServingFixtures.train(store, "din", true, 1).bundle());
            // Requests long enough to score (20,000 candidates each) that all six are inside the server before the
            // first is answered, however the clients' connections are scheduled.
            CtrServer server = CtrServer.start(dir.resolve("bundle"), new ServerSettings("127.0.0.1", 0, CANDIDATES,
                    1 << 20, 1, Duration.ZERO, Duration.ofSeconds(30)), message -> { });
            StringBuilder body = new StringBuilder("{\"user\": {\"user_id\": 3}, \"candidates\": [");
            for (int i = 0; i < CANDIDATES; i++) {
                body.append(i == 0 ? "" : ",").append("{\"item_id\": ").append(1 + i % 40).append('}');
            }
            String request = body.append("]}").toString();
            ExecutorService clients = Executors.newFixedThreadPool(6);
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                responses.add(clients.submit(() -> post(server, "/v1/score", request)));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            // All six inside the server (one scoring, five queued for the one scoring thread); one arriving during the
            // drain would be answered 503.
            while (server.requestsInFlight() < 6 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(6, server.requestsInFlight(), "requests in flight when closing");
            server.close();
            for (Future<HttpResponse<String>> response : responses) {
                assertEquals(200, response.get().statusCode());
            }
            clients.shutdown();
        }
    }

    private HttpResponse<String> post(CtrServer server, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(CtrServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
