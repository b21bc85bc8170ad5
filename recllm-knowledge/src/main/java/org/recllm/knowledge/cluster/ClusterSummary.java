package org.recllm.knowledge.cluster;

import java.util.Arrays;
import java.util.Locale;
import org.recllm.core.report.TextTable;
import org.recllm.knowledge.store.ClusterRun;

/** The one-row table a clustering command prints: size, quality, the spread of cluster sizes and the speed. */
public final class ClusterSummary {
    private ClusterSummary() {}

    /** {@code entities} clustered by {@code run} into clusters of {@code sizes} ({@code k} of them) in {@code seconds}. */
    public static String table(String label, int entities, int dim, ClusterRun run, long[] sizes, double seconds) {
        long[] sorted = sizes.clone();
        Arrays.sort(sorted);
        int k = sorted.length;
        TextTable table = new TextTable(label, "method", "dim", "k", "inertia", "silhouette", "smallest", "median",
                "largest", "empty", "seconds", "entities/s");
        table.add(entities, run.method(), dim, k, String.format(Locale.ROOT, "%.4g", run.inertia()),
                run.silhouette() == null ? "" : String.format(Locale.ROOT, "%.3f", run.silhouette()),
                sorted[0], sorted[k / 2], sorted[k - 1], Arrays.stream(sizes).filter(size -> size == 0).count(),
                String.format(Locale.ROOT, "%.2f", seconds), String.format(Locale.ROOT, "%,.0f", entities / seconds));
        return table.render();
    }
}
