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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Tokens and tickets in Redis, shared by every instance of a service, so a cluster fetches each
 * token once instead of once per instance (WeCom rate-limits gettoken and bans IPs that hammer it).
 *
 * <ul>
 *   <li>An entry is a hash ({@code v} value, {@code f} fetched-at, {@code e} expires-at, epoch ms)
 *   that Redis itself deletes at expiry ({@code PEXPIREAT}).</li>
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
            + "redis.call('HSET', KEYS[1], 'v', ARGV[1], 'f', ARGV[2], 'e', ARGV[3]); "
            + "return redis.call('PEXPIREAT', KEYS[1], ARGV[3])";

    private final UnifiedJedis redis;
    private final String prefix;
    private final Duration lockTtl;
    private final Duration lockWait;

    /**
     * @param redis    a pooled client ({@code new JedisPooled("127.0.0.1", 6379)})
     * @param prefix   namespace of this application's keys, e.g. {@code "wecom4j:"}
     * @param lockTtl  how long a refresh lock lives if its holder dies (longer than one gettoken)
     * @param lockWait how long a waiter waits for another instance's refresh
     */
    public RedisTokenStore(UnifiedJedis redis, String prefix, Duration lockTtl, Duration lockWait) {
        this.redis = Objects.requireNonNull(redis);
        this.prefix = Objects.requireNonNull(prefix);
        this.lockTtl = Objects.requireNonNull(lockTtl);
        this.lockWait = Objects.requireNonNull(lockWait);
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
        Map<String, String> h = redis.hgetAll(prefix + key);
        if (h == null || !h.containsKey("v") || !h.containsKey("e") || !h.containsKey("f")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AccessToken(h.get("v"), Instant.ofEpochMilli(Long.parseLong(h.get("f"))),
                    Instant.ofEpochMilli(Long.parseLong(h.get("e")))));
        } catch (NumberFormatException e) {
            log.warn("ignoring a malformed token entry under {}", prefix + key);
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, AccessToken token) {
        // One script: the entry never exists without its expiry, even if the client dies in between.
        String e = Long.toString(token.expiresAt().toEpochMilli());
        redis.eval(PUT, List.of(prefix + key), List.of(token.value(), Long.toString(token.fetchedAt().toEpochMilli()), e));
    }

    @Override
    public void remove(String key, String value) {
        redis.eval(COMPARE_AND_DELETE_FIELD, List.of(prefix + key), List.of(value));
    }

    @Override
    public <T> T withRefreshLock(String key, Supplier<T> refresh) {
        String lock = prefix + key + ":refresh-lock";
        String owner = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + lockWait.toNanos();
        boolean held = false;
        long pause = 5;
        while (!held) {
            held = "OK".equals(redis.set(lock, owner, SetParams.setParams().nx().px(lockTtl.toMillis())));
            if (held || System.nanoTime() > deadline) {
                break;
            }
            sleep(pause);
            pause = Math.min(100, pause * 2);
        }
        if (!held) {
            log.warn("waited {} for another instance to refresh {}; fetching without the lock", lockWait, key);
        }
        try {
            return refresh.get();
        } finally {
            if (held) {
                redis.eval(COMPARE_AND_DELETE, List.of(lock), List.of(owner));
            }
        }
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
