package io.github.wecom4j.token;

import java.time.Duration;
import java.time.Instant;

/**
 * What may be shown about a cached token: whether there is one and for how long it lives, how often
 * it was fetched, the last error. Never the token itself.
 */
public record TokenState(String label, boolean cached, Instant expiresAt, Duration remaining, long fetches,
                         Integer lastErrcode) {
}
