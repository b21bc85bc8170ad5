package org.recllm.core.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Worker threads that spin briefly between parallel regions before they park. A decode step of a small model or a
 * training step has dozens of short regions back to back; waking a parked thread for each costs more than the work,
 * so workers watch for the next region for a while (as llama.cpp's threads do) and only then sleep.
 */
final class ThreadTeam {
    private static final long SPIN_NANOS = 200_000;
    private static final ThreadLocal<Boolean> IN_REGION = ThreadLocal.withInitial(() -> false);

    /**
     * One parallel region, published as a single immutable object: a worker that reads it sees a consistent body,
     * size and chunk count, even when it wakes late and the next region is already being published.
     */
    private record Region(long generation, Parallel.RangeBody body, int n, int chunks, Thread caller,
                          AtomicInteger remaining, AtomicReference<Throwable> failure) {}

    private final Thread[] workers;
    private volatile Region region = new Region(0, null, 0, 0, null, new AtomicInteger(), new AtomicReference<>());

    ThreadTeam(int size) {
        workers = new Thread[size];
        for (int i = 0; i < size; i++) {
            int index = i;
            workers[i] = Thread.ofPlatform().daemon().name("recllm-worker-" + (i + 1)).start(() -> work(index));
        }
    }

    static boolean insideRegion() {
        return IN_REGION.get();
    }

    /** Runs {@code work} as if inside a region, so every parallel loop it reaches runs inline on this thread. */
    static <T> T inline(java.util.function.Supplier<T> work) {
        boolean outer = IN_REGION.get();
        IN_REGION.set(true);
        try {
            return work.get();
        } finally {
            IN_REGION.set(outer);
        }
    }

    /** Runs chunks 1..chunks−1 on workers and chunk 0 on the caller; returns when all are done. */
    synchronized void run(Parallel.RangeBody work, int items, int chunkCount) {
        Region current = new Region(region.generation() + 1, work, items, chunkCount, Thread.currentThread(),
                new AtomicInteger(chunkCount - 1), new AtomicReference<>());
        region = current;
        // Unparking a running thread only leaves it a permit, so every worker is woken unconditionally: no flag race.
        for (int i = 0; i < chunkCount - 1; i++) {
            LockSupport.unpark(workers[i]);
        }
        IN_REGION.set(true);
        try {
            work.run(0, end(items, chunkCount, 0));
        } finally {
            IN_REGION.set(false);
        }
        long start = System.nanoTime();
        while (current.remaining().get() > 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        Throwable error = current.failure().get();
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
    }

    private static int end(int items, int chunkCount, int chunk) {
        return (int) ((long) items * (chunk + 1) / chunkCount);
    }

    private void work(int index) {
        IN_REGION.set(true);
        long seen = 0;
        while (true) {
            long start = System.nanoTime();
            Region current = region;
            while (current.generation() == seen) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
                current = region;
            }
            seen = current.generation();
            int chunk = index + 1;
            if (chunk < current.chunks()) {
                try {
                    current.body().run((int) ((long) current.n() * chunk / current.chunks()), end(current.n(), current.chunks(), chunk));
                } catch (Throwable t) {
                    current.failure().compareAndSet(null, t);
                } finally {
                    if (current.remaining().decrementAndGet() == 0) {
                        LockSupport.unpark(current.caller());
                    }
                }
            }
        }
    }
}
