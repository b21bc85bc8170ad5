package org.recllm.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Pairs each {@code xxxKernel} benchmark with its {@code xxxNaive} twin of the same class and parameters and prints
 * one markdown row per pair: both scores, their ratio, and GFLOP/s where the benchmark counts FLOPs. Ratios from one
 * run on one machine are the meaningful output; absolute scores depend on the machine and its load.
 */
final class RatioTable {
    private static final String KERNEL = "Kernel";
    private static final String NAIVE = "Naive";

    private RatioTable() {}

    static String markdown(Collection<RunResult> results) {
        Map<String, Result<?>[]> pairs = new LinkedHashMap<>();
        Map<String, Result<?>[]> flops = new LinkedHashMap<>();
        for (RunResult run : results) {
            BenchmarkParams params = run.getParams();
            String benchmark = params.getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            int side = method.endsWith(KERNEL) ? 0 : method.endsWith(NAIVE) ? 1 : -1;
            if (side < 0) {
                continue;
            }
            String owner = benchmark.substring(0, benchmark.lastIndexOf('.'));
            String base = method.substring(0, method.length() - (side == 0 ? KERNEL : NAIVE).length());
            String key = owner.substring(owner.lastIndexOf('.') + 1) + "." + base + " | " + describe(params);
            pairs.computeIfAbsent(key, unused -> new Result<?>[2])[side] = run.getPrimaryResult();
            flops.computeIfAbsent(key, unused -> new Result<?>[2])[side] = run.getSecondaryResults().get("flops");
        }
        List<String> lines = new ArrayList<>();
        lines.add("| benchmark | params | kernel (ops/s) | naive (ops/s) | kernel / naive | kernel GFLOP/s | naive GFLOP/s |");
        lines.add("|---|---|---|---|---|---|---|");
        pairs.forEach((key, pair) -> {
            Result<?>[] rate = flops.get(key);
            String ratio = pair[0] != null && pair[1] != null ? format("%.2f×", pair[0].getScore() / pair[1].getScore()) : "–";
            lines.add("| " + key + " | " + score(pair[0]) + " | " + score(pair[1]) + " | " + ratio + " | "
                    + gflops(rate[0]) + " | " + gflops(rate[1]) + " |");
        });
        return String.join(System.lineSeparator(), lines);
    }

    private static String describe(BenchmarkParams params) {
        Map<String, String> sorted = new TreeMap<>();
        for (String name : params.getParamsKeys()) {
            sorted.put(name, params.getParam(name));
        }
        return sorted.isEmpty() ? "–" : sorted.toString().replaceAll("[{}]", "");
    }

    private static String score(Result<?> result) {
        return result == null ? "–" : format("%.3g ± %.2g", result.getScore(), result.getScoreError());
    }

    private static String gflops(Result<?> rate) {
        return rate == null ? "–" : format("%.1f", rate.getScore() / 1e9);
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
