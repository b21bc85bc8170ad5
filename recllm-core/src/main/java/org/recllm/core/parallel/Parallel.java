package org.recllm.core.parallel;

import org.recllm.core.jit.JitDirectives;

/**
 * The one worker team for numeric kernels: as many threads as cores ({@code recllm.threads} overrides), so kernels
 * never oversubscribe the machine. Work is split into contiguous index ranges of at least {@code grain} items, one
 * per thread, and the calling thread runs the first range itself.
 */
public final class Parallel {
    private static final int THREADS = Math.max(1, Integer.getInteger("recllm.threads", Runtime.getRuntime().availableProcessors()));
    private static final ThreadTeam TEAM = THREADS > 1 ? new ThreadTeam(THREADS - 1) : null;

    static {
        // Before any loop gets hot: the rules decide how its body is compiled.
        JitDirectives.installed();
    }

    private Parallel() {}

    /** The body of a parallel loop over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} ranges of at least {@code grain}
     * items; runs inline when the work is too small to split or when called from inside a parallel region.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int chunks = Math.min(THREADS, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || TEAM == null || ThreadTeam.insideRegion()) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        TEAM.run(body, n, chunks);
    }

    /**
     * Runs {@code work} with every parallel loop it reaches inline on the calling thread: for callers that already
     * keep one task per core busy (a server scoring one request per thread), where handing each small product to the
     * one shared team would only queue the requests behind one another.
     */
    public static <T> T serially(java.util.function.Supplier<T> work) {
        return ThreadTeam.inline(work);
    }

    /** Runs {@code body} over {@code tasks} independent tasks, one contiguous range of tasks per thread. */
    public static void forEachTask(int tasks, RangeBody body) {
        forRange(tasks, 1, body);
    }
}
