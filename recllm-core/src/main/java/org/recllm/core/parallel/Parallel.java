package org.recllm.core.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The one worker pool for numeric kernels: as many workers as cores ({@code recllm.threads} overrides), so kernels
 * never oversubscribe the machine. Work is split into contiguous index ranges of at least {@code grain} items.
 */
public final class Parallel {
    private static final int THREADS = Integer.getInteger("recllm.threads", Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

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
     * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} chunks of at least {@code grain}
     * items; runs inline when the work is too small to split or when already on a pool worker.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int chunks = Math.min(THREADS, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || POOL == null || java.util.concurrent.ForkJoinTask.getPool() == POOL) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        POOL.invoke(new Chunks(body, n, 0, chunks));
    }

    /** Runs {@code body(index)} for each of {@code tasks} independent tasks, one chunk of tasks per worker. */
    public static void forEachTask(int tasks, RangeBody body) {
        forRange(tasks, 1, body);
    }

    private static final class Chunks extends RecursiveAction {
        private final RangeBody body;
        private final int n;
        private final int first;
        private final int count;
        private final int total;

        Chunks(RangeBody body, int n, int first, int total) {
            this(body, n, first, total, total);
        }

        private Chunks(RangeBody body, int n, int first, int count, int total) {
            this.body = body;
            this.n = n;
            this.first = first;
            this.count = count;
            this.total = total;
        }

        @Override
        protected void compute() {
            if (count == 1) {
                long from = (long) n * first / total;
                long to = (long) n * (first + 1) / total;
                body.run((int) from, (int) to);
                return;
            }
            int half = count / 2;
            invokeAll(new Chunks(body, n, first, half, total), new Chunks(body, n, first + half, count - half, total));
        }
    }
}
