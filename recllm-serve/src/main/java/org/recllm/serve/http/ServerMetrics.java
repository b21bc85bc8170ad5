package org.recllm.serve.http;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The scoring server's counters in Prometheus' text format: requests by status, a latency histogram of scoring
 * requests, candidates scored, requests in flight, reloads, and the model version being served.
 */
final class ServerMetrics {
    /** Upper bounds of the latency buckets in seconds (Prometheus' {@code le}); +Inf is implied. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final LongAdder[] bucketCounts = new LongAdder[BUCKETS.length + 1];
    private final LongAdder latencyNanos = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder candidates = new LongAdder();
    private final LongAdder reloads = new LongAdder();
    private final LongAdder reloadFailures = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile String version = "";

    ServerMetrics() {
        for (int i = 0; i < bucketCounts.length; i++) {
            bucketCounts[i] = new LongAdder();
        }
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished(int status, long nanos, int scoredCandidates) {
        inFlight.decrementAndGet();
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        latencyNanos.add(nanos);
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
            bucket++;
        }
        bucketCounts[bucket].increment();
        candidates.add(scoredCandidates);
    }

    int inFlight() {
        return inFlight.get();
    }

    void serving(String modelVersion) {
        version = modelVersion;
    }

    void reloaded(boolean ok) {
        (ok ? reloads : reloadFailures).increment();
    }

    long requests(int status) {
        LongAdder count = byStatus.get(status);
        return count == null ? 0 : count.sum();
    }

    String render() {
        StringBuilder out = new StringBuilder(2048);
        out.append("# HELP recllm_score_requests_total Scoring requests by HTTP status.\n");
        out.append("# TYPE recllm_score_requests_total counter\n");
        byStatus.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.append(
                "recllm_score_requests_total{status=\"").append(e.getKey()).append("\"} ").append(e.getValue().sum()).append('\n'));
        long errors = byStatus.entrySet().stream().filter(e -> e.getKey() >= 400).mapToLong(e -> e.getValue().sum()).sum();
        out.append("# HELP recllm_score_errors_total Scoring requests answered with a 4xx or 5xx status.\n");
        out.append("# TYPE recllm_score_errors_total counter\n");
        out.append("recllm_score_errors_total ").append(errors).append('\n');
        out.append("# HELP recllm_score_request_seconds Time from reading a scoring request to its answer.\n");
        out.append("# TYPE recllm_score_request_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < bucketCounts.length; i++) {
            cumulative += bucketCounts[i].sum();
            String bound = i < BUCKETS.length ? java.math.BigDecimal.valueOf(BUCKETS[i]).toPlainString() : "+Inf";
            out.append("recllm_score_request_seconds_bucket{le=\"").append(bound).append("\"} ").append(cumulative).append('\n');
        }
        out.append(String.format(Locale.ROOT, "recllm_score_request_seconds_sum %.6f%n", latencyNanos.sum() / 1e9));
        out.append("recllm_score_request_seconds_count ").append(cumulative).append('\n');
        out.append("# HELP recllm_candidates_scored_total Candidates scored.\n");
        out.append("# TYPE recllm_candidates_scored_total counter\n");
        out.append("recllm_candidates_scored_total ").append(candidates.sum()).append('\n');
        out.append("# HELP recllm_requests_in_flight Scoring requests being answered now.\n");
        out.append("# TYPE recllm_requests_in_flight gauge\n");
        out.append("recllm_requests_in_flight ").append(inFlight.get()).append('\n');
        out.append("# HELP recllm_bundle_reloads_total Bundles loaded after the first, and loads that failed.\n");
        out.append("# TYPE recllm_bundle_reloads_total counter\n");
        out.append("recllm_bundle_reloads_total{outcome=\"loaded\"} ").append(reloads.sum()).append('\n');
        out.append("recllm_bundle_reloads_total{outcome=\"failed\"} ").append(reloadFailures.sum()).append('\n');
        out.append("# HELP recllm_model_info The model version being served.\n");
        out.append("# TYPE recllm_model_info gauge\n");
        out.append("recllm_model_info{version=\"").append(version.replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\"} 1\n");
        return out.toString();
    }
}
