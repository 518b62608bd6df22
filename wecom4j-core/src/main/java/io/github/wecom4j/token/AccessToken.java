package io.github.wecom4j.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A token and the instant WeCom said it stops working ({@code fetchedAt + expires_in}).
 * {@link #toString()} hides the value: tokens are as good as secrets for two hours.
 */
public record AccessToken(String value, Instant fetchedAt, Instant expiresAt) {

    public AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public static AccessToken of(String value, Instant fetchedAt, long expiresInSeconds) {
        return new AccessToken(value, fetchedAt, fetchedAt.plusSeconds(expiresInSeconds));
    }

    /** Still valid at {@code now}, keeping a safety margin for clock skew and time in flight. */
    public boolean usableAt(Instant now, Duration margin) {
        return now.plus(margin).isBefore(expiresAt);
    }

    public Duration remainingAt(Instant now) {
        Duration d = Duration.between(now, expiresAt);
        return d.isNegative() ? Duration.ZERO : d;
    }

    @Override
    public String toString() {
        return "AccessToken[value=***, expiresAt=" + expiresAt + "]";
    }
}
