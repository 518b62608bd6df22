package io.github.wecom4j.token;

import io.github.wecom4j.error.WeComException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One expiring credential (an access token, a jsapi ticket, ...) kept fresh for any number of
 * threads.
 *
 * <ul>
 *   <li><b>Single-flight</b>: when the token is missing or expired, callers queue on one lock and the
 *   first one fetches; the rest find the fresh token when they get the lock. With a shared
 *   {@link TokenStore} the store's refresh lock extends this across processes.</li>
 *   <li><b>Refresh-ahead</b>: inside {@link TokenPolicy#refreshAhead()} of expiry, the one caller that
 *   wins {@code tryLock} refreshes; everyone else goes on with the still-valid token.</li>
 *   <li><b>Compare-and-invalidate</b>: {@link #invalidate(String)} drops only the value the caller saw
 *   fail, so a late report about an old token never evicts a new one.</li>
 *   <li><b>No storms</b>: a refusal that retrying cannot fix, and WeCom not answering at all (after
 *   the transport's own retries), are remembered for {@link TokenPolicy#failureCooldown()}.</li>
 * </ul>
 */
public final class RefreshingTokenCache {

    private static final Logger log = LoggerFactory.getLogger(RefreshingTokenCache.class);

    /**
     * gettoken/ticket refusals that the same request will keep getting (doc 90313): wrong secret
     * (40001, 40091), wrong corp id (40013), missing corp id / secret (41002, 41004), API not
     * allowed (48001, 48002), frequency block (45009), untrusted IP (60020).
     */
    static final Set<Integer> PERSISTENT_FAILURES = Set.of(40001, 40013, 40091, 41002, 41004, 45009, 48001, 48002, 60020);

    private final String label;
    private final String key;
    private final TokenFetcher fetcher;
    private final TokenStore store;
    private final Clock clock;
    private final TokenPolicy policy;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong fetches = new AtomicLong();
    private volatile WeComException rememberedFailure;
    private volatile Instant rememberedUntil = Instant.MIN;
    private volatile Integer lastErrcode;
    /**
     * The token value a refresh-ahead already tried to replace. WeCom may answer gettoken within
     * validity with the same token (the 2020 doc says it does), so one attempt per value is enough;
     * without this every call of the last minutes would call gettoken again.
     */
    private volatile String refreshedAheadValue;
    /**
     * A value WeCom handed back again although it was inside the expiry margin: it is used until
     * its real expiry (margin 0), or every call of its last seconds would call gettoken again and
     * run into the frequency limit (45009).
     */
    private volatile String reissuedValue;

    public RefreshingTokenCache(String label, String key, TokenFetcher fetcher, TokenStore store, Clock clock,
                                TokenPolicy policy) {
        this.label = Objects.requireNonNull(label);
        this.key = Objects.requireNonNull(key);
        this.fetcher = Objects.requireNonNull(fetcher);
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.policy = Objects.requireNonNull(policy);
    }

    /** A token valid now; fetches at most once however many threads ask. */
    public String get() {
        Instant now = clock.instant();
        Optional<AccessToken> cached = store.get(key);
        if (cached.isPresent() && usable(cached.get(), now)) {
            AccessToken token = cached.get();
            if (!token.usableAt(now, policy.refreshAhead())) {
                return refreshAhead(token);
            }
            return token.value();
        }
        lock.lock();
        try {
            return fetchIfStillStale().value();
        } finally {
            lock.unlock();
        }
    }

    /** Drops {@code badValue} after WeCom rejected it; a newer value stays. */
    public void invalidate(String badValue) {
        store.remove(key, badValue);
    }

    public TokenState state() {
        Instant now = clock.instant();
        Optional<AccessToken> cached = store.get(key).filter(t -> t.usableAt(now, Duration.ZERO));
        return new TokenState(label, cached.isPresent(), cached.map(AccessToken::expiresAt).orElse(null),
                cached.map(t -> t.remainingAt(now)).orElse(Duration.ZERO), fetches.get(), lastErrcode);
    }

    /**
     * One refresh-ahead per token value per cluster: the local {@code tryLock} keeps it to one
     * thread, the store's {@code tryRefreshLock} to one process at a time, and a token that was
     * itself fetched inside its refresh-ahead window (WeCom handed back the same token to someone's
     * refresh-ahead) is not refreshed again by anyone.
     */
    private String refreshAhead(AccessToken current) {
        if (current.value().equals(refreshedAheadValue) || !lock.tryLock()) {
            return current.value();
        }
        try {
            return store.tryRefreshLock(key, () -> {
                AccessToken latest = store.get(key).orElse(current);
                if (latest.usableAt(clock.instant(), policy.refreshAhead()) || latest.value().equals(refreshedAheadValue)) {
                    return latest.value();
                }
                refreshedAheadValue = latest.value();
                if (fetchedInsideLast(latest, policy.refreshAhead())) {
                    return latest.value();
                }
                return fetchLocked().value();
            }).orElse(current.value());
        } catch (WeComException e) {
            log.warn("refresh-ahead of {} failed, keeping the current token until it expires: {}", label,
                    e.getMessage());
            return current.value();
        } finally {
            lock.unlock();
        }
    }

    private AccessToken fetchIfStillStale() {
        Optional<AccessToken> cached = store.get(key);
        if (cached.isPresent() && usable(cached.get(), clock.instant())) {
            return cached.get();
        }
        return store.withRefreshLock(key, () -> {
            // Another process may have refreshed while we waited for the shared lock.
            Optional<AccessToken> shared = store.get(key);
            Instant now = clock.instant();
            if (shared.isPresent() && shared.get().usableAt(now, policy.refreshAhead())) {
                return shared.get();
            }
            // Another process fetched it inside its expiry margin and WeCom handed back the same
            // token: fetching again would only get it again. Use it to its real expiry.
            if (shared.isPresent() && shared.get().usableAt(now, Duration.ZERO)
                    && fetchedInsideLast(shared.get(), policy.expiryMargin())) {
                reissuedValue = shared.get().value();
                refreshedAheadValue = shared.get().value();
                return shared.get();
            }
            AccessToken fresh = fetchLocked();
            if (cached.isPresent() && fresh.value().equals(cached.get().value())) {
                reissuedValue = fresh.value();
                refreshedAheadValue = fresh.value();
            }
            return fresh;
        });
    }

    /** Whether the token was fetched within {@code window} of its expiry. */
    private static boolean fetchedInsideLast(AccessToken token, Duration window) {
        return token.fetchedAt().isAfter(token.expiresAt().minus(window));
    }

    private boolean usable(AccessToken token, Instant now) {
        return token.usableAt(now, token.value().equals(reissuedValue) ? Duration.ZERO : policy.expiryMargin());
    }

    private AccessToken fetchLocked() {
        WeComException remembered = rememberedFailure;
        if (remembered != null && clock.instant().isBefore(rememberedUntil)) {
            throw remembered;
        }
        try {
            fetches.incrementAndGet();
            AccessToken fresh = fetcher.fetch();
            store.put(key, fresh);
            rememberedFailure = null;
            lastErrcode = null;
            log.debug("fetched {} (expires {})", label, fresh.expiresAt());
            return fresh;
        } catch (WeComException e) {
            lastErrcode = e.errcode();
            if (e.errcode() == WeComException.TRANSPORT_FAILURE || e.errcode() == -1) {
                // WeCom did not answer (DNS, connect, TLS, timeout), or answered "system busy", even
                // after the transport's retries. Every caller waiting for this token would spend the
                // same retries again, one after the other behind the fetch lock, so the failure is
                // answered from memory for the cooldown: one round of retries per cooldown, not one
                // per request.
                rememberedFailure = e;
                rememberedUntil = clock.instant().plus(policy.failureCooldown());
                log.warn("{}: WeCom {}, answering from memory for {} s: {}", label,
                        e.errcode() == -1 ? "busy" : "unreachable", policy.failureCooldown().toSeconds(), e.getMessage());
            } else if (PERSISTENT_FAILURES.contains(e.errcode())) {
                rememberedFailure = e;
                rememberedUntil = clock.instant().plus(policy.failureCooldown());
                log.error("{} refused by WeCom, not retrying for {} s: {}", label,
                        policy.failureCooldown().toSeconds(), e.getMessage());
            }
            throw e;
        }
    }
}
