package org.recllm.core.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A progress line for long work: done/total, rate and ETA. On a terminal it redraws one line at most a few times a
 * second; into a log (no console) it prints a fresh line every few seconds so the log stays readable.
 * The counter is atomic, so parallel workers may share one instance.
 */
public final class Progress implements AutoCloseable {
    private final String task;
    private final String unit;
    private final long total;
    private final PrintStream out;
    private final boolean redraw;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long startNanos;
    private final AtomicLong done = new AtomicLong();
    private volatile long lastPrintNanos;
    private volatile String suffix = "";
    private boolean finished;

    private Progress(String task, String unit, long total, PrintStream out, boolean redraw, LongSupplier clock) {
        this.task = task;
        this.unit = unit;
        this.total = total;
        this.out = out;
        this.redraw = redraw;
        this.intervalNanos = redraw ? 250_000_000L : 5_000_000_000L;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastPrintNanos = startNanos;
    }

    /** Progress on standard error; {@code total} ≤ 0 when unknown. */
    public static Progress start(String task, String unit, long total) {
        return new Progress(task, unit, total, System.err, System.console() != null, System::nanoTime);
    }

    /** Progress written to {@code out} as plain lines (for tests and logs). */
    public static Progress toLog(String task, String unit, long total, PrintStream out) {
        return toLog(task, unit, total, out, System::nanoTime);
    }

    /** As {@link #toLog(String, String, long, PrintStream)}, timed by {@code nanoClock} (tests set the time). */
    static Progress toLog(String task, String unit, long total, PrintStream out, LongSupplier nanoClock) {
        return new Progress(task, unit, total, out, false, nanoClock);
    }

    public void advance(long amount) {
        long now = done.addAndGet(amount);
        long nanos = clock.getAsLong();
        if (nanos - lastPrintNanos >= intervalNanos) {
            lastPrintNanos = nanos;
            print(now, nanos, false);
        }
    }

    /** Extra text shown after the rate, e.g. a running loss or cost. */
    public void status(String text) {
        suffix = text;
    }

    public long done() {
        return done.get();
    }

    public double seconds() {
        return (clock.getAsLong() - startNanos) / 1e9;
    }

    /** The mean rate so far in units per second. */
    public double rate() {
        double seconds = seconds();
        return seconds > 0 ? done.get() / seconds : 0;
    }

    @Override
    public synchronized void close() {
        if (!finished) {
            finished = true;
            print(done.get(), clock.getAsLong(), true);
        }
    }

    private synchronized void print(long now, long nanos, boolean last) {
        double seconds = (nanos - startNanos) / 1e9;
        double rate = seconds > 0 ? now / seconds : 0;
        StringBuilder line = new StringBuilder(task).append("  ");
        if (total > 0) {
            line.append(String.format(Locale.ROOT, "%,d/%,d %s (%.1f%%)", now, total, unit, 100.0 * now / total));
        } else {
            line.append(String.format(Locale.ROOT, "%,d %s", now, unit));
        }
        // Slow work (an LLM answers a few prompts a second) would round to "0 prompts/s" without decimals.
        line.append(String.format(Locale.ROOT, rate < 10 ? "  %.2f %s/s" : "  %,.0f %s/s", rate, unit));
        if (last) {
            line.append("  in ").append(formatDuration(seconds));
        } else if (total > 0 && rate > 0) {
            line.append("  ETA ").append(formatDuration((total - now) / rate));
        }
        if (!suffix.isEmpty()) {
            line.append("  ").append(suffix);
        }
        if (redraw) {
            out.print("\r\033[2K" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Seconds as h:mm:ss, m:ss or s.s. */
    public static String formatDuration(double seconds) {
        if (seconds < 59.95) { // from 59.95 on, %.1f would round up to "60.0s"
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long whole = Math.round(seconds);
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60);
    }
}
