package org.recllm.knowledge.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void readsRetryAfterAsSecondsOrAsADate() {
        assertEquals(Optional.of(Duration.ofSeconds(2)), RetryPolicy.parseRetryAfter("2", NOW));
        assertEquals(Optional.of(Duration.ofMillis(1500)), RetryPolicy.parseRetryAfter(" 1.5 ", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 12:00:30 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 11:00:00 GMT", NOW));
        assertEquals(Optional.of(Duration.ofMinutes(10)), RetryPolicy.parseRetryAfter("86400", NOW));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("soon", NOW));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(null, NOW));
    }

    @Test
    void backOffDoublesUpToTheCapWithJitterOfAtMostHalf() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        SplittableRandom random = new SplittableRandom(7);
        long[] ceilings = {100, 200, 400, 800, 1000, 1000};
        for (int retry = 1; retry <= ceilings.length; retry++) {
            for (int draw = 0; draw < 50; draw++) {
                long ms = policy.delay(retry, Optional.empty(), random).toMillis();
                long ceiling = ceilings[retry - 1];
                assertTrue(ms >= ceiling / 2 && ms <= ceiling, "retry " + retry + ": " + ms + " ms");
            }
        }
        assertEquals(Duration.ofSeconds(3), policy.delay(1, Optional.of(Duration.ofSeconds(3)), random));
        long late = policy.delay(60, Optional.empty(), random).toMillis();
        assertTrue(late >= 500 && late <= 1000, "a late retry stays under the cap: " + late + " ms");
    }
}
