package org.recllm.data.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.recllm.data.testing.StoreContent;
import org.recllm.data.testing.SyntheticSamples;

/**
 * A child JVM rewrites a store of a few MB with two alternating contents; this test kills it (SIGKILL) at random
 * moments. After every kill the store must open and hold exactly one of the two contents, never a mix.
 */
class SampleStoreCrashAtomicityTest {
    private static final long SEED_A = 101;
    private static final long SEED_B = 202;
    /** Train rows; with validation and test about 60,000 rows of 19 four-byte values: about 4.5 MB per version. */
    private static final int ROWS = 30_000;
    private static final int KILLS = 6;
    /** Draws the kill delays: fixed, so a failure names a sequence of delays that can be tried again. */
    private static final long KILL_SEED = 6143;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyKillLeavesExactlyOneCompleteVersion() throws Exception {
        Path dir = tmp.resolve("store");
        SampleSet a = SyntheticSamples.build(SEED_A, ROWS);
        SampleSet b = SyntheticSamples.build(SEED_B, ROWS);
        SampleStoreWriter.write(dir, a);
        Random random = new Random(KILL_SEED);
        List<String> outcomes = new ArrayList<>();
        boolean holdsA = true;
        for (int kill = 0; kill < KILLS; kill++) {
            AtomicLong writes = new AtomicLong();
            // the child's first write always changes the content: the other version first
            Process child = startRewriter(dir, holdsA ? SEED_B : SEED_A, holdsA ? SEED_A : SEED_B, writes);
            long delay = 20 + random.nextInt(900);
            String where = "kill " + kill + " after " + delay + " ms (seed " + KILL_SEED + ")";
            Thread.sleep(delay);
            assertTrue(child.isAlive(), () -> where + ": the rewriter died by itself; exit code " + child.exitValue());
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            try (SampleStore store = SampleStore.open(dir)) {
                boolean isA = StoreContent.same(a, store);
                boolean isB = StoreContent.same(b, store);
                assertTrue(isA ^ isB, where + " and " + writes.get() + " complete writes: the store holds neither version");
                store.verify();
                outcomes.add((isA ? "A" : "B") + "@" + writes.get());
                holdsA = isA;
            }
        }
        // the debris of the last kill (a half-written generation, a temporary file) goes with the next write
        SampleStoreWriter.write(dir, b);
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of("CURRENT", SampleStoreRewriteTest.current(dir), "stats.json"),
                    entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList(),
                    "outcomes " + outcomes);
        }
    }

    /** Starts the rewriter and returns once it reports ready; counts its completed writes in {@code writes}. */
    private static Process startRewriter(Path dir, long firstSeed, long secondSeed, AtomicLong writes) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx512m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                StoreRewriterProcess.class.getName(), dir.toString(), Long.toString(firstSeed), Long.toString(secondSeed),
                Integer.toString(ROWS))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"ready".equals(first)) {
            child.destroyForcibly();
            throw new IllegalStateException("the rewriter did not start: " + first);
        }
        Thread drain = new Thread(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    writes.incrementAndGet();
                }
            } catch (IOException ignored) {
                // the child was killed
            }
        });
        drain.setDaemon(true);
        drain.start();
        return child;
    }
}
