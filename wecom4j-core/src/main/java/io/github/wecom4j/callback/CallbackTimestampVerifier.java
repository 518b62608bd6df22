package io.github.wecom4j.callback;

import java.time.Clock;
import java.time.Duration;

/**
 * Rejects callbacks whose {@code timestamp} is too far from now, so a captured request cannot be
 * replayed later. WeCom retries a callback within seconds (3 retries, 5 s apart, doc 90238), so a
 * window of minutes loses nothing. Zero would reject everything and is refused.
 */
public final class CallbackTimestampVerifier {

    private static final long MAX_SECONDS = 1L << 40;

    private final Clock clock;
    private final Duration tolerance;

    public CallbackTimestampVerifier(Clock clock, Duration tolerance) {
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("the tolerance must be positive (5 minutes is a good default)");
        }
        this.clock = clock;
        this.tolerance = tolerance;
    }

    public void verify(String timestamp) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException | NullPointerException e) {
            throw new CallbackException(CallbackException.STALE_TIMESTAMP, "timestamp is not a number of seconds");
        }
        // Compare raw seconds: Instant.ofEpochSecond would throw on an absurd value sent by anyone.
        long skew = Math.abs(clock.instant().getEpochSecond() - Math.max(-MAX_SECONDS, Math.min(MAX_SECONDS, seconds)));
        if (skew > tolerance.toSeconds()) {
            throw new CallbackException(CallbackException.STALE_TIMESTAMP,
                    "timestamp is " + skew + " s away from now (tolerance " + tolerance.toSeconds() + " s)");
        }
    }
}
