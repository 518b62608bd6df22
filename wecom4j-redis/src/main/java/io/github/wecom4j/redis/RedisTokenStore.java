package io.github.wecom4j.redis;

import io.github.wecom4j.token.AccessToken;
import io.github.wecom4j.token.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Tokens and tickets in Redis, shared by every instance of a service, so a cluster fetches each
 * token once instead of once per instance (WeCom rate-limits gettoken and bans IPs that hammer it).
 *
 * <ul>
 *   <li>Redis is the one clock: an entry is a hash ({@code v} value, {@code t} its whole lifetime in
 *   ms, {@code n} a nonce per store) that Redis deletes when its remaining lifetime is over
 *   ({@code PEXPIRE}, relative); a reader takes the remaining lifetime from {@code PTTL} and
 *   places it on its own clock. No absolute time crosses machines, so an instance whose clock is
 *   off never sees a token as expired early (with absolute expiry times, an instance 60 s behind
 *   stored tokens already dead by Redis's clock, and fetched one per call).</li>
 *   <li>{@link #remove(String, String)} is compare-and-delete in one Lua script: an instance that
 *   saw an old token rejected never deletes the fresh token another instance just stored.</li>
 *   <li>{@link #withRefreshLock} takes {@code SET lock owner NX PX ttl}; the owner is released by a
 *   compare-and-delete script. A crashed holder's lock expires after {@code lockTtl}; a waiter gives
 *   up after {@code lockWait} and fetches anyway (at worst one extra gettoken, never a deadlock).</li>
 * </ul>
 * Keys hold no secret: the SDK builds them from the corp id and a digest of the secret.
 */
public final class RedisTokenStore implements TokenStore {

    private static final Logger log = LoggerFactory.getLogger(RedisTokenStore.class);

    private static final String COMPARE_AND_DELETE_FIELD =
            "if redis.call('HGET', KEYS[1], 'v') == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
    private static final String COMPARE_AND_DELETE =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private static final String PUT = "redis.call('DEL', KEYS[1]); "
            + "redis.call('HSET', KEYS[1], 'v', ARGV[1], 't', ARGV[2], 'n', ARGV[3]); "
            + "return redis.call('PEXPIRE', KEYS[1], ARGV[4])";
    /** Value, stored lifetime, nonce and remaining lifetime, read atomically. */
    private static final String GET = "local h = redis.call('HMGET', KEYS[1], 'v', 't', 'n'); "
            + "return {h[1], h[2], h[3], redis.call('PTTL', KEYS[1])}";

    private final UnifiedJedis redis;
    private final String prefix;
    private final Duration lockTtl;
    private final Duration lockWait;
    private final java.time.Clock clock;

    /**
     * @param redis    a pooled client ({@code new JedisPooled("127.0.0.1", 6379)})
     * @param prefix   namespace of this application's keys, e.g. {@code "wecom4j:"}
     * @param lockTtl  how long a refresh lock lives if its holder dies (longer than one gettoken)
     * @param lockWait how long a waiter waits for another instance's refresh
     */
    public RedisTokenStore(UnifiedJedis redis, String prefix, Duration lockTtl, Duration lockWait) {
        this(redis, prefix, lockTtl, lockWait, java.time.Clock.systemUTC());
    }

    /**
     * @param clock the clock of the client using this store (its {@code WeComConfig} clock): the
     *              remaining lifetime Redis reports is placed on it
     */
    public RedisTokenStore(UnifiedJedis redis, String prefix, Duration lockTtl, Duration lockWait, java.time.Clock clock) {
        this.redis = Objects.requireNonNull(redis);
        this.prefix = Objects.requireNonNull(prefix);
        this.lockTtl = Objects.requireNonNull(lockTtl);
        this.lockWait = Objects.requireNonNull(lockWait);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Defaults sized for the SDK's default retry policy: 4 attempts of up to 15 s plus backoff is
     * about 63 s, so the lock outlives a slow refresh and waiters wait for it rather than all
     * fetching at the moment WeCom is slow.
     */
    public RedisTokenStore(UnifiedJedis redis) {
        this(redis, "wecom4j:", DEFAULT_LOCK_TTL, DEFAULT_LOCK_WAIT);
    }

    public static final Duration DEFAULT_LOCK_TTL = Duration.ofSeconds(90);
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(95);

    @Override
    public Optional<AccessToken> get(String key) {
        Object reply = redis.eval(GET, List.of(prefix + key), List.of());
        if (!(reply instanceof List<?> fields) || fields.size() != 4 || fields.get(0) == null || fields.get(1) == null) {
            return Optional.empty();
        }
        try {
            long stored = Long.parseLong(text(fields.get(1)));
            long remaining = ((Number) fields.get(3)).longValue();
            if (remaining <= 0) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            return Optional.of(new AccessToken(text(fields.get(0)), now.minusMillis(Math.max(0, stored - remaining)),
                    now.plusMillis(remaining)));
        } catch (NumberFormatException | ClassCastException e) {
            log.warn("ignoring a malformed token entry under {}", prefix + key);
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, AccessToken token) {
        // One script: the entry never exists without its expiry, even if the client dies in between.
        // Both durations come from one clock (ours), so they are relative and mean the same on Redis's.
        long lifetime = Duration.between(token.fetchedAt(), token.expiresAt()).toMillis();
        long remaining = Duration.between(clock.instant(), token.expiresAt()).toMillis();
        if (remaining <= 0) {
            redis.del(prefix + key);
            return;
        }
        redis.eval(PUT, List.of(prefix + key), List.of(token.value(), Long.toString(Math.max(lifetime, remaining)),
                UUID.randomUUID().toString(), Long.toString(remaining)));
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : o.toString();
    }

    /** The nonce of the stored entry (changes with every store), or null when there is none. */
    private String version(String key) {
        return redis.hget(prefix + key, "n");
    }

    @Override
    public void remove(String key, String value) {
        redis.eval(COMPARE_AND_DELETE_FIELD, List.of(prefix + key), List.of(value));
    }

    /**
     * Takes the cluster-wide refresh lock, waiting for it; while waiting, a token stored by the
     * holder ends the wait at once (the refresh then finds it), so a holder that stored and then
     * died without releasing does not stall everyone for the lock's TTL.
     */
    @Override
    public <T> T withRefreshLock(String key, Supplier<T> refresh) {
        String lock = prefix + key + ":refresh-lock";
        String owner = UUID.randomUUID().toString();
        String seen = version(key);
        long deadline = System.nanoTime() + lockWait.toNanos();
        boolean held = false;
        long pause = 5;
        while (!held) {
            held = acquire(lock, owner);
            if (held) {
                break;
            }
            if (!Objects.equals(version(key), seen)) {
                // Another instance stored a token while we waited: the refresh re-reads the store and uses it.
                return refresh.get();
            }
            if (System.nanoTime() > deadline) {
                log.warn("waited {} for another instance to refresh {}; fetching without the lock", lockWait, key);
                break;
            }
            sleep(pause);
            pause = Math.min(100, pause * 2);
        }
        try {
            return refresh.get();
        } finally {
            if (held) {
                release(lock, owner);
            }
        }
    }

    /** Refreshes only if no other instance is refreshing right now (refresh-ahead: the old token still works). */
    @Override
    public <T> Optional<T> tryRefreshLock(String key, Supplier<T> refresh) {
        String lock = prefix + key + ":refresh-lock";
        String owner = UUID.randomUUID().toString();
        if (!acquire(lock, owner)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(refresh.get());
        } finally {
            release(lock, owner);
        }
    }

    private boolean acquire(String lock, String owner) {
        return "OK".equals(redis.set(lock, owner, SetParams.setParams().nx().px(lockTtl.toMillis())));
    }

    private void release(String lock, String owner) {
        redis.eval(COMPARE_AND_DELETE, List.of(lock), List.of(owner));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a token refresh lock", e);
        }
    }
}
