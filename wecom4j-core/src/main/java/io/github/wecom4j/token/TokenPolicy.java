package io.github.wecom4j.token;

import java.time.Duration;

/**
 * When a cached token counts as stale, and how long a configuration error is remembered.
 *
 * @param expiryMargin    a token this close to {@code expiresAt} is treated as expired (clock skew,
 *                        time in flight)
 * @param refreshAhead    inside this window before expiry one caller refreshes while the others
 *                        keep using the still-valid token, so nobody waits at the 7200 s mark
 * @param failureCooldown how long a gettoken refusal that retrying cannot fix (wrong secret, wrong
 *                        corp id, untrusted IP, frequency block) is answered from memory instead of
 *                        calling WeCom again; WeCom bans an IP for an hour after repeated wrong
 *                        secrets (doc 90313, note on 45009), so a storm of retries must never happen
 */
public record TokenPolicy(Duration expiryMargin, Duration refreshAhead, Duration failureCooldown) {

    public static final TokenPolicy DEFAULT =
            new TokenPolicy(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(10));

    public TokenPolicy {
        if (expiryMargin.isNegative() || refreshAhead.isNegative() || failureCooldown.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }
}
