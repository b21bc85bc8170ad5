package org.recllm.llm.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.recllm.core.parallel.Parallel;
import org.recllm.core.progress.Progress;
import org.recllm.core.timing.RepeatedTiming;
import org.recllm.llm.gguf.GgufFile;
import org.recllm.llm.gguf.GgufTensorInfo;
import org.recllm.llm.model.KvCache;
import org.recllm.llm.model.Transformer;
import org.recllm.llm.speculative.PassCosts;

/**
 * Inference speed of a model: prefill and decode tokens/s, the time of one forward pass over k = 1 … 9 and 16 new
 * positions (logits at each, as a speculative verification runs it) relative to k = 1 (what speculative decoding can win), and decode's weight-read rate against the
 * machine's own streaming-read rate over the same mapped weights.
 */
public final class LlmBenchmark {
    /** The figures of one run, with the JSON names of the report. */
    public record Result(
            String model,
            int threads,
            @JsonProperty("parameters") long parameters,
            @JsonProperty("weight_bytes") long weightBytes,
            @JsonProperty("prefill_tokens") int prefillTokens,
            @JsonProperty("prefill_tokens_per_s") double prefillTokensPerSecond,
            @JsonProperty("decode_tokens") int decodeTokens,
            @JsonProperty("decode_tokens_per_s") double decodeTokensPerSecond,
            @JsonProperty("forward_time_relative_to_k1") Map<Integer, Double> forwardTimeRelative,
            @JsonProperty("decode_read_gb_per_s") double decodeReadRate,
            @JsonProperty("machine_read_gb_per_s") double machineReadRate,
            @JsonProperty("kv_cache_bytes") long kvCacheBytes,
            @JsonProperty("heap_used_bytes") long heapUsed) {}

    /** Timed rounds of prefill and of decode; the rates are their means, as llama-bench averages its repetitions. */
    static final int ROUNDS = 3;
    static final long WARM_UP_NANOS = 2_000_000_000L;
    /** The widths of the multi-position passes timed at the end of the prompt. */
    private static final int[] KS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 16};

    private LlmBenchmark() {}

    /** The cache positions a run with these sizes needs: the prompt and the widest k pass after it, or the decode. */
    public static int positions(int prefill, int decode) {
        return Math.max(prefill + KS[KS.length - 1], decode);
    }

    /**
     * Measures {@code model}: {@code prefill} prompt tokens, {@code decode} new ones (both at least 1, and
     * {@link #positions} at most the model's context). A rate whose pass is too short to time even when repeated is
     * NaN.
     */
    public static Result run(String name, GgufFile gguf, Transformer model, int prefill, int decode) {
        if (prefill < 1 || decode < 1) {
            throw new IllegalArgumentException("a benchmark needs at least 1 prefill and 1 decode token, got " + prefill
                    + " and " + decode);
        }
        RepeatedTiming timing = new RepeatedTiming(System::nanoTime);
        int vocabulary = model.config().vocabulary();
        SplittableRandom random = new SplittableRandom(7);
        int[] prompt = new int[prefill];
        for (int i = 0; i < prefill; i++) {
            prompt[i] = 3 + random.nextInt(vocabulary - 3);
        }
        KvCache cache = model.newCache(positions(prefill, decode));
        Runnable prefillRound = () -> {
            cache.truncate(0);
            model.prefill(cache, prompt);
        };
        warmUp(prefillRound);
        double prefillRate = 0;
        for (int round = 0; round < ROUNDS; round++) {
            prefillRate += prefill / (timing.nanosPerRun(prefillRound) / 1e9) / ROUNDS;
        }
        double decodeRate = decodeRate(name, model, cache, prompt[prefill - 1], decode, timing);
        prefillRound.run();
        Map<Integer, Double> relative = PassCosts.relative(model, cache, prefill, KS, timing);
        long weightBytes = weightBytes(gguf);
        double machineRate = streamingReadRate(gguf, timing);
        Runtime runtime = Runtime.getRuntime();
        return new Result(name, Parallel.threads(), parameters(gguf), weightBytes, prefill, prefillRate, decode, decodeRate,
                relative, weightBytes * decodeRate / 1e9, machineRate, cache.bytes(), runtime.totalMemory() - runtime.freeMemory());
    }

    /**
     * Decode tokens/s as llama-bench's tg measures it: greedy decoding of {@code decode} tokens from an empty cache,
     * the mean rate of {@link #ROUNDS} rounds after {@link #warmUp}.
     */
    private static double decodeRate(String name, Transformer model, KvCache cache, int firstToken, int decode,
                                     RepeatedTiming timing) {
        Runnable round = () -> decodeRound(model, cache, firstToken, decode);
        warmUp(round);
        double rate = 0;
        try (Progress progress = Progress.start("decode " + name, "rounds", ROUNDS)) {
            for (int r = 0; r < ROUNDS; r++) {
                rate += decode / (timing.nanosPerRun(round) / 1e9) / ROUNDS;
                progress.advance(1);
            }
        }
        return rate;
    }

    /**
     * Runs {@code round} untimed until {@link #WARM_UP_NANOS} have passed, at least once: JIT compilation (prefill's
     * many-position path and decode's one-position path compile separately) and the first touch of every weight
     * page stay out of the timings. A small model is all overhead until compiled: stories260K decodes at less than
     * half its steady rate over its first thousand tokens.
     */
    private static void warmUp(Runnable round) {
        long end = System.nanoTime() + WARM_UP_NANOS;
        do {
            round.run();
        } while (System.nanoTime() < end);
    }

    private static void decodeRound(Transformer model, KvCache cache, int firstToken, int decode) {
        cache.truncate(0);
        int token = firstToken;
        for (int i = 0; i < decode; i++) {
            token = model.decode(cache, token).argmax(0);
        }
    }


    private static long weightBytes(GgufFile gguf) {
        long bytes = 0;
        for (GgufTensorInfo info : gguf.tensors().values()) {
            bytes += info.bytes();
        }
        return bytes;
    }

    private static long parameters(GgufFile gguf) {
        long count = 0;
        for (GgufTensorInfo info : gguf.tensors().values()) {
            count += info.elements();
        }
        return count;
    }

    /** GB/s of a parallel streaming read over the mapped tensor data, best of three measurements. */
    private static double streamingReadRate(GgufFile gguf, RepeatedTiming timing) {
        List<MemorySegment> segments = new ArrayList<>();
        for (GgufTensorInfo info : gguf.tensors().values()) {
            segments.add(gguf.data(info));
        }
        long bytes = segments.stream().mapToLong(MemorySegment::byteSize).sum();
        double best = Double.POSITIVE_INFINITY;
        for (int pass = 0; pass < 3; pass++) {
            best = Math.min(best, timing.nanosPerRun(() -> StreamingRead.sum(segments)));
        }
        return bytes / (best / 1e9) / 1e9;
    }
}
