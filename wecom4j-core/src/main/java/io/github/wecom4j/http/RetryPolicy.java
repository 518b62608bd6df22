package io.github.wecom4j.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retries with exponential backoff and jitter.
 *
 * <p>WeCom's rule for {@code -1} ("system busy", doc 90313) is "retry later, no more than 3
 * times"; the default is therefore 1 call + 3 retries. Backoff doubles from {@code initialBackoff}
 * up to {@code maxBackoff}; each delay is drawn from [d/2, d] ("equal jitter") so a fleet of callers
 * that failed together does not retry together, yet every retry still waits a little longer.
 *
 * @param maxAttempts    total attempts including the first (1 disables retries)
 * @param initialBackoff delay before the first retry (upper bound before jitter)
 * @param maxBackoff     cap of a single delay
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** Delay before retry number {@code retry} (1-based). */
    public Duration backoff(int retry) {
        long base = initialBackoff.toNanos();
        long cap = maxBackoff.toNanos();
        long d = base;
        for (int i = 1; i < retry && d < cap; i++) {
            d = Math.min(cap, d * 2);
        }
        d = Math.min(cap, d);
        if (d <= 1) {
            return Duration.ofNanos(d);
        }
        long half = d / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(d - half + 1));
    }
}
