package io.github.wecom4j.redis;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.token.AccessToken;
import io.github.wecom4j.token.NearCachedTokenStore;
import io.github.wecom4j.token.TokenPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NearCachedTokenStore} over {@link RedisTokenStore} on real Redis: valid tokens are read
 * from Redis at most once per bound per instance (commands counted on the instance's own
 * connection), and the cluster rules hold as without it.
 */
@WeComEmulatorTest
class RedisNearCacheTest {

    private final List<CountingJedis> connections = new ArrayList<>();
    private String prefix;

    @BeforeEach
    void namespace() {
        prefix = "wecom4j-test:" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void cleanUp() {
        if (!connections.isEmpty()) {
            JedisPooled redis = connections.get(0);
            redis.keys(prefix + "*").forEach(redis::del);
        }
        connections.forEach(JedisPooled::close);
    }

    /** One instance: its own Redis connection (counted), its own near copy, on {@code clock}. */
    private Instance newInstance(Clock clock) {
        RedisAvailable.connect().close();
        CountingJedis redis = new CountingJedis();
        connections.add(redis);
        RedisTokenStore redisStore = new RedisTokenStore(redis, prefix, Duration.ofSeconds(10), Duration.ofSeconds(15), clock);
        return new Instance(redis, new NearCachedTokenStore(redisStore, TokenPolicy.DEFAULT, Duration.ofSeconds(1), clock));
    }

    private WeComClient client(WeComEmulator emulator, Instance instance, Clock clock) {
        return WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(emulator.baseUri()))
                .contactsSecret(DemoCorp.CONTACTS_SECRET)
                .clock(clock)
                .tokenStore(instance.store())
                .build());
    }

    private String tokenKey() {
        return connections.get(0).keys(prefix + "*").stream().filter(k -> !k.endsWith(":refresh-lock")).findFirst()
                .orElseThrow().substring(prefix.length());
    }

    @Test
    void callsWithinTheBoundAreServedWithoutRedisAndTheNextBoundReadsItOnce(WeComEmulator emulator) {
        MovableClock clock = new MovableClock();
        Instance instance = newInstance(clock);
        WeComClient client = client(emulator, instance, clock);
        client.contacts().departments().list();
        long before = instance.redis().commands();
        for (int i = 0; i < 50; i++) {
            client.contacts().departments().list();
        }
        assertThat(instance.redis().commands() - before).as("Redis commands for 50 calls within 1 s").isZero();

        clock.advance(Duration.ofSeconds(1));
        before = instance.redis().commands();
        for (int i = 0; i < 50; i++) {
            client.contacts().departments().list();
        }
        assertThat(instance.redis().commands() - before).as("one read for the next second").isEqualTo(1);
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isEqualTo(1);
    }

    @Test
    void anotherInstancesPutIsSeenWithinTheBound() {
        MovableClock clock = new MovableClock();
        Instance a = newInstance(clock);
        Instance b = newInstance(clock);
        Instant now = clock.instant();
        a.store().put("k", AccessToken.of("t1", now, 7200));
        assertThat(a.store().get("k")).map(AccessToken::value).contains("t1");
        b.store().put("k", AccessToken.of("t2", now, 7200));
        clock.advance(Duration.ofMillis(500));
        assertThat(a.store().get("k")).map(AccessToken::value).as("within the bound: the copy").contains("t1");
        clock.advance(Duration.ofMillis(500));
        assertThat(a.store().get("k")).map(AccessToken::value).contains("t2");
    }

    @Test
    void aRemoveOnAnInstanceIsSeenByItAtOnce() {
        MovableClock clock = new MovableClock();
        Instance a = newInstance(clock);
        a.store().put("k", AccessToken.of("t1", clock.instant(), 7200));
        assertThat(a.store().get("k")).isPresent();
        a.store().remove("k", "t1");
        assertThat(a.store().get("k")).isEmpty();
        assertThat(connections.get(0).exists(prefix + "k")).isFalse();
    }

    @Test
    void aRevokedTokenCostsEachInstanceOneRejectedCallAndTheClusterOneGettoken(WeComEmulator emulator) {
        MovableClock clock = new MovableClock();
        WeComClient a = client(emulator, newInstance(clock), clock);
        WeComClient b = client(emulator, newInstance(clock), clock);
        a.contacts().departments().list();
        b.contacts().departments().list(); // b now holds a copy of the same token
        emulator.tokens().revokeAll();
        assertThat(a.contacts().departments().list()).isNotEmpty();
        // b's copy is the revoked token (within the bound): WeCom rejects it once, the retry reads a's new one
        assertThat(b.contacts().departments().list()).isNotEmpty();
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isEqualTo(2);
        assertThat(emulator.counters().get("errors 40014")).isEqualTo(2);
    }

    @Test
    void fourInstancesWithSixteenThreadsEachStillFetchTheTokenOnce(WeComEmulator emulator) throws Exception {
        Clock clock = Clock.systemUTC();
        List<WeComClient> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(client(emulator, newInstance(clock), clock));
        }
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            CyclicBarrier start = new CyclicBarrier(64);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                WeComClient client = instances.get(i % instances.size());
                results.add(pool.submit(() -> {
                    start.await();
                    return client.contacts().members().get("lisi").name();
                }));
            }
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo("李四");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isEqualTo(1);
    }

    @Test
    void insideTheRefreshAheadWindowFourInstancesStillRefreshOnceForTheCluster(WeComEmulator emulator) throws Exception {
        MovableClock clock = new MovableClock();
        List<WeComClient> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(client(emulator, newInstance(clock), clock));
        }
        for (WeComClient instance : instances) {
            instance.contacts().departments().list(); // every instance holds a copy of the token
        }
        // The shared token now has 200 s left, inside the refresh-ahead window; once the copies are
        // a second old every instance reads that from Redis, and none serves a copy inside the window.
        RedisTokenStore store = new RedisTokenStore(connections.get(0), prefix, Duration.ofSeconds(10),
                Duration.ofSeconds(15), clock);
        String key = tokenKey();
        AccessToken current = store.get(key).orElseThrow();
        store.put(key, new AccessToken(current.value(), clock.instant().minusSeconds(7000), clock.instant().plusSeconds(200)));
        clock.advance(Duration.ofSeconds(1));
        emulator.faults().delayNext(4, 300, "/cgi-bin/gettoken");
        CyclicBarrier start = new CyclicBarrier(4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (WeComClient instance : instances) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return instance.contacts().departments().list();
                }));
            }
            for (Future<?> f : calls) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isEqualTo(2);
    }

    private record Instance(CountingJedis redis, NearCachedTokenStore store) {
    }

    /** A real connection to Redis that counts the commands RedisTokenStore sends through it. */
    private static final class CountingJedis extends JedisPooled {
        private final AtomicLong commands = new AtomicLong();

        CountingJedis() {
            super(System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1"),
                    Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379")));
        }

        long commands() {
            return commands.get();
        }

        @Override
        public Object eval(String script, List<String> keys, List<String> args) {
            commands.incrementAndGet();
            return super.eval(script, keys, args);
        }

        @Override
        public String hget(String key, String field) {
            commands.incrementAndGet();
            return super.hget(key, field);
        }

        @Override
        public String set(String key, String value, SetParams params) {
            commands.incrementAndGet();
            return super.set(key, value, params);
        }

        @Override
        public long del(String key) {
            commands.incrementAndGet();
            return super.del(key);
        }
    }

    /** A client clock the test moves (the near copy's bound is measured on it). */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
