package org.recllm.llm.speculative;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recllm.core.timing.RepeatedTiming;
import org.recllm.llm.model.KvCache;
import org.recllm.llm.model.SequenceStep;
import org.recllm.llm.model.Transformer;

/**
 * The engine's cost of a forward pass over k new positions with logits at each — what verifying a draft of k − 1
 * tokens costs — relative to one position, measured on the model at hand: whether a draft pays depends on it, and it
 * varies with the model's size, weight type, threads and the CPU (a small model pays nearly k times, a large F32 one
 * far less).
 */
public final class PassCosts {
    private static final int TIMINGS = 5;
    private static final long WARM_UP_NANOS = 500_000_000L;
    private static final int CONTEXT = 8;

    private PassCosts() {}

    /** cost[k] for k = 1 … {@code maxK} after a short context, after a brief warm-up; cost[0] is unused. */
    public static double[] measure(Transformer model, int maxK) {
        int modelContext = model.config().contextLength();
        if (CONTEXT + maxK > modelContext) {
            throw new IllegalArgumentException("measuring passes of up to " + maxK + " positions needs a context of "
                    + (CONTEXT + maxK) + " tokens; the model has " + modelContext);
        }
        KvCache cache = model.newCache(CONTEXT + maxK);
        int[] context = new int[CONTEXT];
        Arrays.fill(context, 5);
        model.prefill(cache, context);
        int[] ks = new int[maxK];
        for (int k = 1; k <= maxK; k++) {
            ks[k - 1] = k;
        }
        List<SequenceStep> warmUp = List.of(new SequenceStep(cache, new int[maxK], maxK));
        long end = System.nanoTime() + WARM_UP_NANOS;
        do {
            cache.truncate(CONTEXT);
            model.prefill(warmUp);
        } while (System.nanoTime() < end);
        double[] cost = new double[maxK + 1];
        relative(model, cache, CONTEXT, ks, new RepeatedTiming(System::nanoTime)).forEach((k, value) -> cost[k] = value);
        return cost;
    }

    /**
     * For each k of {@code ks} (which holds 1), the median of {@value #TIMINGS} timings of a k-position pass at
     * {@code position} of {@code cache}, divided by k = 1's.
     */
    public static Map<Integer, Double> relative(Transformer model, KvCache cache, int position, int[] ks,
                                                RepeatedTiming timing) {
        Map<Integer, Double> medians = new LinkedHashMap<>();
        for (int k : ks) {
            List<SequenceStep> step = List.of(new SequenceStep(cache, new int[k], k));
            Runnable pass = () -> {
                cache.truncate(position);
                model.prefill(step);
            };
            double[] times = new double[TIMINGS];
            for (int run = 0; run < times.length; run++) {
                times[run] = timing.nanosPerRun(pass);
            }
            Arrays.sort(times);
            medians.put(k, times[times.length / 2]);
        }
        double base = medians.get(1);
        Map<Integer, Double> relative = new LinkedHashMap<>();
        medians.forEach((k, time) -> relative.put(k, time / base));
        return relative;
    }
}
