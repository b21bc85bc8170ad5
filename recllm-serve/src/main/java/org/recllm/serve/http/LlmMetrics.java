package org.recllm.serve.http;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.recllm.serve.llm.Generation;

/** The LLM server's counters in Prometheus' text format. */
final class LlmMetrics {
    private record Key(String route, int status) {}

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> cancelled = new ConcurrentHashMap<>();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private final LongAdder firstTokenNanos = new LongAdder();
    private final LongAdder answers = new LongAdder();

    void request(String route, int status) {
        requests.computeIfAbsent(new Key(route, status), k -> new LongAdder()).increment();
    }

    void finished(String route, int status, Generation.Result result) {
        request(route, status);
        promptTokens.add(result.promptTokens());
        completionTokens.add(result.completionTokens());
        firstTokenNanos.add(result.firstTokenNanos());
        answers.increment();
    }

    void cancelled(String route) {
        cancelled.computeIfAbsent(route, k -> new LongAdder()).increment();
    }

    String render(int running, int waiting, org.recllm.llm.speculative.SpeculationStats speculation) {
        StringBuilder out = new StringBuilder(1024);
        out.append("# HELP recllm_llm_requests_total Requests by route and HTTP status.\n");
        out.append("# TYPE recllm_llm_requests_total counter\n");
        requests.forEach((key, count) -> out.append("recllm_llm_requests_total{route=\"").append(key.route())
                .append("\",status=\"").append(key.status()).append("\"} ").append(count.sum()).append('\n'));
        out.append("# HELP recllm_llm_cancelled_total Answers (streamed or not) whose client left before the end.\n");
        out.append("# TYPE recllm_llm_cancelled_total counter\n");
        cancelled.forEach((route, count) -> out.append("recllm_llm_cancelled_total{route=\"").append(route)
                .append("\"} ").append(count.sum()).append('\n'));
        out.append("# TYPE recllm_llm_prompt_tokens_total counter\n");
        out.append("recllm_llm_prompt_tokens_total ").append(promptTokens.sum()).append('\n');
        out.append("# TYPE recllm_llm_completion_tokens_total counter\n");
        out.append("recllm_llm_completion_tokens_total ").append(completionTokens.sum()).append('\n');
        out.append("# HELP recllm_llm_time_to_first_token_seconds From queueing a request to its first new token.\n");
        out.append("# TYPE recllm_llm_time_to_first_token_seconds summary\n");
        out.append(String.format(Locale.ROOT, "recllm_llm_time_to_first_token_seconds_sum %.6f%n", firstTokenNanos.sum() / 1e9));
        out.append("recllm_llm_time_to_first_token_seconds_count ").append(answers.sum()).append('\n');
        out.append("# TYPE recllm_llm_sequences_running gauge\n");
        out.append("recllm_llm_sequences_running ").append(running).append('\n');
        out.append("# TYPE recllm_llm_requests_waiting gauge\n");
        out.append("recllm_llm_requests_waiting ").append(waiting).append('\n');
        out.append("# HELP recllm_llm_draft_tokens_total Speculative decoding: tokens drafted from pools, and accepted.\n");
        out.append("# TYPE recllm_llm_draft_tokens_total counter\n");
        out.append("recllm_llm_draft_tokens_total{outcome=\"drafted\"} ").append(speculation.drafted()).append('\n');
        out.append("recllm_llm_draft_tokens_total{outcome=\"accepted\"} ").append(speculation.accepted()).append('\n');
        out.append("# TYPE recllm_llm_decode_passes_total counter\n");
        out.append("recllm_llm_decode_passes_total ").append(speculation.decodePasses()).append('\n');
        return out.toString();
    }
}
