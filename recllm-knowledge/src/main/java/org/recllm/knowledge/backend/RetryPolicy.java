package org.recllm.knowledge.backend;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a request again: up to {@code maxRetries} more times, waiting what the server's {@code Retry-After}
 * asks, else an exponential back-off from {@code initialDelay} (doubling, capped at {@code maxDelay}) with jitter, so
 * clients that failed together do not all come back at the same instant. The waits go through {@code sleeper}.
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, Sleeper sleeper) {
    /** The longest a {@code Retry-After} is honoured; a larger value is more likely a misconfigured server than a plan. */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(10);

    /** How a retry waits; tests pass one that records the waits asked for instead of spending them. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    public RetryPolicy {
        if (maxRetries < 0 || initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || sleeper == null) {
            throw new IllegalArgumentException("invalid retry policy: " + maxRetries + " retries, delays " + initialDelay
                    + " to " + maxDelay + (sleeper == null ? ", no sleeper" : ""));
        }
    }

    /** A policy that waits for real. */
    public RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay) {
        this(maxRetries, initialDelay, maxDelay, Thread::sleep);
    }

    /** This policy, waiting through {@code other}. */
    public RetryPolicy withSleeper(Sleeper other) {
        return new RetryPolicy(maxRetries, initialDelay, maxDelay, other);
    }

    public static RetryPolicy standard() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** The wait before retry number {@code retry} (1 for the first): the server's wish, or the back-off with jitter. */
    public Duration delay(int retry, Optional<Duration> retryAfter, RandomGenerator random) {
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        long cap = maxDelay.toMillis();
        long exponential = initialDelay.toMillis() << Math.min(retry - 1, 30);
        long ceiling = exponential <= 0 || exponential > cap ? cap : exponential;
        // "Equal jitter": at least half the back-off, so retries still slow down as failures go on.
        return Duration.ofMillis(ceiling / 2 + (ceiling > 1 ? random.nextLong(ceiling - ceiling / 2) : 0));
    }

    /**
     * A {@code Retry-After} header's wait: seconds, or an HTTP date; clamped to [0, 10 minutes]; empty when absent or
     * unreadable.
     */
    public static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Duration wait;
        try {
            wait = Duration.ofMillis(Math.round(Double.parseDouble(header.strip()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            return Optional.of(Duration.ZERO);
        }
        return Optional.of(wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait);
    }
}
