package io.github.wecom4j.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A shared store (Redis) with a short-lived copy of each token in this process: a valid token is
 * read from the shared store at most once per {@code maxStaleness} (1 s by default) per process,
 * instead of once per WeCom call (with {@code RedisTokenStore} a round trip and a Lua script each).
 *
 * <p>Why a wrapper in core rather than inside {@code RedisTokenStore}: the rules that keep it safe
 * are the token layer's, not Redis's ({@link TokenPolicy}'s windows, what a rejection means), and
 * they hold for any shared store; {@code RedisTokenStore} stays an exact view of Redis, which its
 * refresh lock (waiters watch the entry) and its tests rely on.
 *
 * <p>What it never weakens:
 * <ul>
 *   <li>A token WeCom rejected ({@link #remove}) is dropped from the copy at once, before and after
 *   the shared store drops it, so the transparent retry of the same call reads (or fetches) the
 *   new token; a {@link #put} replaces the copy.</li>
 *   <li>Inside the refresh-ahead window, and inside the expiry margin, the copy is never served:
 *   the cluster-wide refresh logic of {@link RefreshingTokenCache} sees the shared state there.
 *   Inside the shared store's refresh locks the copy is dropped, so a refresh re-reads what another
 *   process may just have stored.</li>
 * </ul>
 * The price: a token another process stored (its refresh after a rejection, or after expiry) is
 * seen here up to {@code maxStaleness} late. That is harmless: a refresh-ahead happens inside the
 * window, where copies are not served; WeCom keeps a token valid until its own expiry ("有效期内重复
 * 获取返回相同结果", gettoken, doc 91039, 2020 text), so an older copy still works; and a token WeCom
 * revoked early (the same doc: it may do so "出于运营需要") costs this process one rejected call,
 * whose retry reads the new token, because the rejection drops the copy.
 */
public final class NearCachedTokenStore implements TokenStore {

    /** How long a copy is served without asking the shared store. */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(1);

    private final TokenStore shared;
    private final Duration maxStaleness;
    private final Duration notServedInside;
    private final Clock clock;
    private final ConcurrentMap<String, Copy> copies = new ConcurrentHashMap<>();
    /**
     * Moved by every change made through this store: a read of the shared store that was under way
     * while a token was removed or replaced must not install what it read (it may be the old token).
     */
    private final AtomicLong changes = new AtomicLong();

    /**
     * @param shared       the store every process shares
     * @param policy       the policy of the clients using this store (their {@code WeComConfig}'s):
     *                     copies are not served inside its refresh-ahead window or expiry margin
     * @param maxStaleness how long a copy is served before the shared store is asked again; zero
     *                     turns the copy off
     * @param clock        the clients' clock (the one tokens' expiry is placed on)
     */
    public NearCachedTokenStore(TokenStore shared, TokenPolicy policy, Duration maxStaleness, Clock clock) {
        this.shared = Objects.requireNonNull(shared);
        this.maxStaleness = Objects.requireNonNull(maxStaleness);
        if (maxStaleness.isNegative()) {
            throw new IllegalArgumentException("maxStaleness must not be negative");
        }
        Duration refreshAhead = policy.refreshAhead();
        Duration margin = policy.expiryMargin();
        this.notServedInside = refreshAhead.compareTo(margin) >= 0 ? refreshAhead : margin;
        this.clock = Objects.requireNonNull(clock);
    }

    /** With the default policy and staleness, on the system clock. */
    public NearCachedTokenStore(TokenStore shared) {
        this(shared, TokenPolicy.DEFAULT, DEFAULT_MAX_STALENESS, Clock.systemUTC());
    }

    @Override
    public Optional<AccessToken> get(String key) {
        Instant now = clock.instant();
        Copy copy = copies.get(key);
        if (copy != null && servable(copy, now)) {
            return Optional.of(copy.token());
        }
        long seen = changes.get();
        Optional<AccessToken> read = shared.get(key);
        if (read.isPresent() && !maxStaleness.isZero()) {
            // Installed only if nothing was removed or put meanwhile (checked under the key's lock,
            // which remove/put also take), else the copy could bring back a rejected token.
            copies.compute(key, (k, current) -> changes.get() == seen ? new Copy(read.get(), now) : current);
        } else if (read.isEmpty() && copy != null) {
            copies.remove(key, copy);
        }
        return read;
    }

    @Override
    public void put(String key, AccessToken token) {
        boolean stored = false;
        try {
            shared.put(key, token);
            stored = true;
        } finally {
            changes.incrementAndGet();
            if (stored && !maxStaleness.isZero()) {
                copies.put(key, new Copy(token, clock.instant()));
            } else {
                copies.remove(key);
            }
        }
    }

    @Override
    public void remove(String key, String value) {
        changes.incrementAndGet();
        copies.remove(key);
        try {
            shared.remove(key, value);
        } finally {
            // Again once the shared store has dropped it: a read under way may have installed it meanwhile.
            changes.incrementAndGet();
            copies.remove(key);
        }
    }

    /** The shared lock; the refresh inside it reads the shared store, not the copy. */
    @Override
    public <T> T withRefreshLock(String key, Supplier<T> refresh) {
        return shared.withRefreshLock(key, () -> {
            forget(key);
            return refresh.get();
        });
    }

    @Override
    public <T> Optional<T> tryRefreshLock(String key, Supplier<T> refresh) {
        return shared.tryRefreshLock(key, () -> {
            forget(key);
            return refresh.get();
        });
    }

    private void forget(String key) {
        changes.incrementAndGet();
        copies.remove(key);
    }

    private boolean servable(Copy copy, Instant now) {
        // A clock that went back (now before readAt) does not stretch a copy's life.
        return !now.isBefore(copy.readAt()) && now.isBefore(copy.readAt().plus(maxStaleness))
                && copy.token().usableAt(now, notServedInside);
    }

    /** A token as read from (or written to) the shared store, and when. */
    private record Copy(AccessToken token, Instant readAt) {
    }
}
