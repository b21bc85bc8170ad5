package org.recllm.serve.scoring;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@link BatchScorer} on several long-lived threads with the scores delivered in the pairs' order: the caller's thread
 * cuts the pairs into blocks, a fixed pool scores blocks (each thread on a scorer session of its own), and the caller
 * hands each finished block to the sink in turn, holding at most two blocks per thread in memory.
 */
public final class ParallelBatchScorer implements AutoCloseable {
    private static final int BLOCK = 4096;

    private final BatchScorer scorer;
    private final int threads;
    private final ExecutorService pool;

    /** {@code scorer} must have at least {@code threads} sessions. */
    public ParallelBatchScorer(CandidateScorer scorer, int maxCandidates, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one thread, got " + threads);
        }
        this.scorer = new BatchScorer(scorer, maxCandidates);
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "batch-scorer");
            thread.setDaemon(true);
            return thread;
        });
    }

    private record Scored(List<BatchScorer.Pair> pairs, float[] scores) {}

    /** Scores every pair; the sink gets them in order, on the caller's thread. Returns how many. */
    public long score(Iterator<BatchScorer.Pair> pairs, BatchScorer.Sink sink) throws InterruptedException {
        Deque<Future<Scored>> pending = new ArrayDeque<>();
        long scored = 0;
        while (pairs.hasNext()) {
            List<BatchScorer.Pair> block = new ArrayList<>(BLOCK);
            while (block.size() < BLOCK && pairs.hasNext()) {
                block.add(pairs.next());
            }
            pending.add(pool.submit(() -> {
                float[] scores = new float[block.size()];
                int[] next = {0};
                scorer.score(block.iterator(), (pair, score) -> scores[next[0]++] = score);
                return new Scored(block, scores);
            }));
            if (pending.size() >= 2 * threads) {
                scored += deliver(pending.poll(), sink);
            }
        }
        while (!pending.isEmpty()) {
            scored += deliver(pending.poll(), sink);
        }
        return scored;
    }

    private static int deliver(Future<Scored> block, BatchScorer.Sink sink) throws InterruptedException {
        Scored done;
        try {
            done = block.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("scoring failed: " + e.getCause().getMessage(), e.getCause());
        }
        for (int i = 0; i < done.scores().length; i++) {
            sink.accept(done.pairs().get(i), done.scores()[i]);
        }
        return done.scores().length;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
