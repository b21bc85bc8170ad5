package org.recllm.core.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Worker threads that spin briefly between parallel regions before they park. A decode step of a small model or a
 * training step has dozens of short regions back to back; waking a parked thread for each costs more than the work,
 * so workers watch a generation counter for a while (as llama.cpp's threads do) and only then sleep.
 */
final class ThreadTeam {
    private static final long SPIN_NANOS = 200_000;
    private static final ThreadLocal<Boolean> IN_REGION = ThreadLocal.withInitial(() -> false);

    private final Thread[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long generation;
    private volatile Parallel.RangeBody body;
    private volatile int n;
    private volatile int chunks;
    private volatile Thread caller;

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

    /** Runs chunks 1..chunks−1 on workers and chunk 0 on the caller; returns when all are done. */
    synchronized void run(Parallel.RangeBody work, int items, int chunkCount) {
        body = work;
        n = items;
        chunks = chunkCount;
        remaining.set(chunkCount - 1);
        failure.set(null);
        caller = Thread.currentThread();
        generation++;
        // Unparking a running thread only leaves it a permit, so every worker is woken unconditionally: no flag race.
        for (int i = 0; i < chunkCount - 1; i++) {
            LockSupport.unpark(workers[i]);
        }
        IN_REGION.set(true);
        try {
            work.run(0, range(items, chunkCount, 0));
        } finally {
            IN_REGION.set(false);
        }
        long start = System.nanoTime();
        while (remaining.get() > 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        body = null;
        Throwable error = failure.get();
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
    }

    private static int range(int items, int chunkCount, int chunk) {
        return (int) ((long) items * (chunk + 1) / chunkCount);
    }

    private void work(int index) {
        IN_REGION.set(true);
        long seen = 0;
        while (true) {
            long start = System.nanoTime();
            while (generation == seen) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            int chunk = index + 1;
            if (chunk < chunks) {
                try {
                    body.run((int) ((long) n * chunk / chunks), range(n, chunks, chunk));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (remaining.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }
    }
}
