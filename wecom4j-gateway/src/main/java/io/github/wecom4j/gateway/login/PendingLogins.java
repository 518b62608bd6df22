package io.github.wecom4j.gateway.login;

import java.io.Serial;
import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The logins a browser session has started and not finished, keyed by their {@code state}.
 *
 * <p>The state is what stops login CSRF (RFC 6749 §10.12): it is random, remembered only in the
 * session of the browser that started the login, and can be used once. A callback whose state
 * was not started here (forged, or stolen from another browser) or was already used (replayed)
 * finds nothing. A few logins may be pending at once (two tabs); old ones are dropped.
 */
final class PendingLogins implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Longer than WeCom's 5-minute code, to leave the person time on WeCom's page. */
    static final Duration TTL = Duration.ofMinutes(10);
    static final int MAX_PENDING = 5;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** How the login was started and where to go afterwards. */
    record Pending(String flow, String next, Instant startedAt) implements Serializable {
    }

    private final LinkedHashMap<String, Pending> byState = new LinkedHashMap<>();

    /** Starts a login; the returned state is 32 hex digits (WeCom allows a-zA-Z0-9, ≤128). */
    synchronized String begin(String flow, String next, Instant now) {
        dropExpired(now);
        while (byState.size() >= MAX_PENDING) {
            Iterator<String> oldest = byState.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String state = HexFormat.of().formatHex(b);
        byState.put(state, new Pending(flow, next, now));
        return state;
    }

    /** The pending login of this state, removed so it cannot be used again; empty if none. */
    synchronized Optional<Pending> consume(String state, Instant now) {
        dropExpired(now);
        if (state == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byState.remove(state));
    }

    synchronized int size() {
        return byState.size();
    }

    private void dropExpired(Instant now) {
        byState.values().removeIf(p -> !now.isBefore(p.startedAt().plus(TTL)));
    }

    @Override
    public synchronized String toString() {
        return "PendingLogins[" + byState.size() + " pending]";
    }
}
