package org.recllm.core.timing;

import java.util.function.LongSupplier;

/**
 * The time of one run of a pass, measured over enough runs for the clock to mean something: a pass of a tiny model
 * takes microseconds, where timer resolution and scheduling noise alone give ratios in the hundreds.
 */
public final class RepeatedTiming {
    /** The shortest measurement trusted. */
    public static final long MIN_NANOS = 20_000_000L;
    /** Past this many runs the pass is too short to time (or the clock does not move). */
    public static final long MAX_RUNS = 1L << 20;

    private final LongSupplier clock;

    public RepeatedTiming(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Nanoseconds per run of {@code pass}: 1, 2, 4, … runs until one measurement lasts at least {@link #MIN_NANOS}, or
     * NaN when even {@link #MAX_RUNS} runs do not.
     */
    public double nanosPerRun(Runnable pass) {
        for (long runs = 1; runs <= MAX_RUNS; runs *= 2) {
            long start = clock.getAsLong();
            for (long i = 0; i < runs; i++) {
                pass.run();
            }
            long elapsed = clock.getAsLong() - start;
            if (elapsed >= MIN_NANOS) {
                return (double) elapsed / runs;
            }
        }
        return Double.NaN;
    }
}
