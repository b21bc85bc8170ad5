package org.recllm.serve.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.store.SampleStore;
import org.recllm.serve.bundle.BundleWriter;
import org.recllm.serve.bundle.ModelBundle;
import org.recllm.serve.http.CtrServer;
import org.recllm.serve.http.ServerSettings;
import org.recllm.serve.testing.ServingFixtures;

class LoadTestTest {

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = (i + 1) * 1_000_000L;
        }
        assertEquals(50.0, LoadTest.percentile(sorted, 0.50));
        assertEquals(99.0, LoadTest.percentile(sorted, 0.99));
        assertEquals(100.0, LoadTest.percentile(sorted, 0.999));
        assertEquals(0.0, LoadTest.percentile(new long[0], 0.5));
    }

    @Test
    void anOpenLoopOffersItsRateAndAClosedLoopItsConnections(@TempDir Path dir) throws Exception {
        try (SampleStore store = ServingFixtures.store(dir.resolve("samples"))) {
            BundleWriter.write(dir.resolve("bundle"), store, ServingFixtures.train(store, "fm", false, 1).bundle());
            try (CtrServer server = CtrServer.start(dir.resolve("bundle"), ServerSettings.defaults(0), message -> { })) {
                List<byte[]> bodies = ScoreRequestBodies.sample(ModelBundle.load(dir.resolve("bundle")), 20, 10, 1);
                LoadTest.Result open = LoadTest.run(new LoadTest.Settings("127.0.0.1", server.port(), "/v1/score", bodies,
                        200, 8, Duration.ofSeconds(1), 1000));
                assertTrue(open.requests() >= 190 && open.requests() <= 200, "1 s at 200/s: " + open.requests());
                assertEquals(0, open.errors());
                assertTrue(open.p50() > 0 && open.p50() <= open.p99() && open.p99() <= open.max(), open.toString());
                LoadTest.Result capped = LoadTest.run(new LoadTest.Settings("127.0.0.1", server.port(), "/v1/score", bodies,
                        0, 2, Duration.ofSeconds(10), 50));
                assertEquals(50, capped.requests(), "a closed loop stops at its count");
                // The server counts a request just after its answer has left.
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (server.requests(200) < open.requests() + 50 && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertEquals(open.requests() + 50, server.requests(200));
                LoadTest.Result refused = LoadTest.run(new LoadTest.Settings("127.0.0.1", server.port(), "/v1/score",
                        List.of("{}".getBytes()), 0, 1, Duration.ofSeconds(10), 5));
                assertEquals(5, refused.errors(), "answers other than 200 are counted as errors");
            }
        }
    }
}
