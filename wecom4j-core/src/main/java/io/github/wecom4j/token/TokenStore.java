package io.github.wecom4j.token;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where tokens (and tickets) are kept between calls. The in-memory default serves one process;
 * a shared implementation (wecom4j-redis) lets a cluster fetch each token once.
 *
 * <p>Keys are opaque strings built by the SDK (corp id + secret digest + kind); values never
 * include a secret.
 */
public interface TokenStore {

    Optional<AccessToken> get(String key);

    void put(String key, AccessToken token);

    /**
     * Removes the entry only if it still holds {@code value}: a caller that saw a bad token must
     * not throw away the fresh one another caller has just stored.
     */
    void remove(String key, String value);

    /**
     * Runs {@code refresh} while holding the store-wide refresh lock for {@code key}, so that
     * across every process sharing the store only one fetches. The caller already holds a local
     * lock; an in-memory store needs nothing more.
     */
    default <T> T withRefreshLock(String key, Supplier<T> refresh) {
        return refresh.get();
    }

    /**
     * Runs {@code refresh} only if the store-wide refresh lock for {@code key} is free right now;
     * empty when another process holds it. For refreshes that need not happen now (refresh-ahead:
     * the current token still works), so a cluster refreshes ahead once, not once per process.
     */
    default <T> Optional<T> tryRefreshLock(String key, Supplier<T> refresh) {
        return Optional.ofNullable(refresh.get());
    }
}
