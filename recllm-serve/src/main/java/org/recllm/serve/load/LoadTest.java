package org.recllm.serve.load;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback load test of a scoring server, bounded in time and in count. Open loop (a target rate): request i is
 * due at {@code start + i / rate} whatever happened before, and its latency counts from that moment, so a server that
 * falls behind sees its queueing in the latencies (no coordinated omission). Closed loop (rate 0): each connection
 * sends its next request when the last one is answered, which measures the most the server sustains.
 */
public final class LoadTest {
    private LoadTest() {}

    /**
     * @param rate        requests per second to offer; 0 for a closed loop
     * @param connections keep-alive connections (each a virtual thread)
     * @param maxRequests stop after this many even before the duration ends
     */
    public record Settings(String host, int port, String path, List<byte[]> bodies, double rate, int connections,
                           Duration duration, int maxRequests) {
        public Settings {
            if (bodies.isEmpty() || connections < 1 || rate < 0 || maxRequests < 1 || !duration.isPositive()) {
                throw new IllegalArgumentException("a load test needs bodies, connections, a rate ≥ 0, a count and a duration");
            }
        }
    }

    /** What one run measured; latencies in milliseconds. */
    public record Result(@JsonProperty("target_rate") double targetRate, int connections, long requests, long errors,
                         double seconds, @JsonProperty("requests_per_s") double requestsPerSecond,
                         @JsonProperty("p50_ms") double p50, @JsonProperty("p90_ms") double p90,
                         @JsonProperty("p99_ms") double p99, @JsonProperty("p999_ms") double p999,
                         @JsonProperty("max_ms") double max) {}

    public static Result run(Settings settings) throws InterruptedException {
        List<byte[]> requests = settings.bodies().stream()
                .map(body -> HttpConnection.post(settings.host(), settings.path(), body)).toList();
        long[] latencies = new long[settings.maxRequests()];
        AtomicInteger recorded = new AtomicInteger();
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lastDone = new AtomicLong();
        long start = System.nanoTime();
        long end = start + settings.duration().toNanos();
        double period = settings.rate() > 0 ? 1e9 / settings.rate() : 0;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < settings.connections(); c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                HttpConnection connection = null;
                try {
                    connection = new HttpConnection(settings.host(), settings.port());
                    while (true) {
                        long index = next.getAndIncrement();
                        if (index >= settings.maxRequests()) {
                            return;
                        }
                        long due = period > 0 ? start + (long) (index * period) : System.nanoTime();
                        if (due >= end) {
                            return;
                        }
                        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                        int status;
                        try {
                            status = connection.exchange(requests.get((int) (index % requests.size())));
                        } catch (IOException lost) {
                            // The server closed the connection (a shutdown, an idle timeout): an error, then a new one.
                            status = -1;
                            connection.close();
                            connection = new HttpConnection(settings.host(), settings.port());
                        }
                        long done = System.nanoTime();
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                        latencies[recorded.getAndIncrement()] = done - due;
                        lastDone.accumulateAndGet(done, Math::max);
                    }
                } catch (IOException | RuntimeException e) {
                    failures.add(e);
                } finally {
                    if (connection != null) {
                        try {
                            connection.close();
                        } catch (IOException ignored) {
                            // closing a connection the run no longer needs
                        }
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the load test could not reach the server: " + failures.getFirst().getMessage(),
                    failures.getFirst());
        }
        int count = recorded.get();
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        double seconds = Math.max(1e-9, (lastDone.get() - start) / 1e9);
        return new Result(settings.rate(), settings.connections(), count, errors.get(), seconds, count / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99), percentile(sorted, 0.999),
                count == 0 ? 0 : sorted[count - 1] / 1e6);
    }

    /** The nearest-rank percentile in milliseconds. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }
}
