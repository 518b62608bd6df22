package io.github.wecom4j.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a call keeps retrying what may be retried ({@code -1} "system busy", and the network
 * failures {@link WeComHttp} names), with exponential backoff and jitter.
 *
 * <p>The budget is a <b>deadline</b>: retries go on until {@code deadline} has passed since the
 * first attempt started (the last wait is cut short to end on it), optionally also capped by
 * {@code maxAttempts}. WeCom's doc 90313 says "retry later" for {@code -1}; a fixed count of 3 lost
 * calls whenever {@code -1} came in a burst, while waiting a bounded time recovers them without
 * hammering: the waits double from {@code initialBackoff} to {@code maxBackoff}, so a 10 s budget is
 * about ten attempts at most. Each wait is drawn from [d/2, d] ("equal jitter") so callers that
 * failed together do not retry together. The deadline bounds the retrying, not one attempt: an
 * attempt in flight keeps its own request timeout (a large upload is not cut off).
 *
 * @param maxAttempts    total attempts including the first; {@link #UNLIMITED_ATTEMPTS} for the
 *                       deadline alone, 1 disables retries
 * @param initialBackoff wait before the first retry (upper bound before jitter)
 * @param maxBackoff     cap of a single wait
 * @param deadline       time after the first attempt's start past which no retry starts; null for
 *                       none (then {@code maxAttempts} alone bounds the retries)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration deadline) {

    public static final int UNLIMITED_ATTEMPTS = Integer.MAX_VALUE;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    /** Until 10 s after the first attempt, waits of 200 ms doubling to 2 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(UNLIMITED_ATTEMPTS, Duration.ofMillis(200),
            Duration.ofSeconds(2), DEFAULT_DEADLINE);
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, null);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (deadline != null && deadline.isNegative()) {
            throw new IllegalArgumentException("deadline must not be negative");
        }
        if (deadline == null && maxAttempts == UNLIMITED_ATTEMPTS) {
            throw new IllegalArgumentException("retries need a bound: a deadline, maxAttempts, or both");
        }
    }

    /** A count alone, no deadline: {@code maxAttempts} attempts at most. */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this(maxAttempts, initialBackoff, maxBackoff, null);
    }

    /** The default backoff with another deadline. */
    public static RetryPolicy until(Duration deadline) {
        return DEFAULT.withDeadline(deadline);
    }

    public RetryPolicy withDeadline(Duration deadline) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, deadline);
    }

    public RetryPolicy withBackoff(Duration initialBackoff, Duration maxBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, deadline);
    }

    public RetryPolicy withMaxAttempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, deadline);
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

    /**
     * The wait before retry number {@code attempt} (after {@code attempt} failed attempts), or a
     * negative number when no retry may start: the attempts are used up, or the deadline has passed.
     * A wait that would run past the deadline is cut to end on it.
     *
     * @param elapsedNanos time since the first attempt started
     */
    long nextDelayNanos(int attempt, long elapsedNanos) {
        if (attempt >= maxAttempts) {
            return -1;
        }
        long delay = backoff(attempt).toNanos();
        if (deadline == null) {
            return delay;
        }
        long left = deadline.toNanos() - elapsedNanos;
        return left <= 0 ? -1 : Math.min(delay, left);
    }
}
