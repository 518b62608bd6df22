package io.github.wecom4j.redis;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.token.AccessToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Several "instances" (clients with their own Redis connections) share tokens through real Redis. */
@WeComEmulatorTest
class RedisTokenStoreTest {

    private final List<JedisPooled> connections = new ArrayList<>();
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

    private RedisTokenStore newInstanceStore() {
        return newInstanceStore(Duration.ofSeconds(10), Duration.ofSeconds(15), Clock.systemUTC());
    }

    private RedisTokenStore newInstanceStore(Duration lockTtl, Duration lockWait, Clock clock) {
        JedisPooled redis = RedisAvailable.connect();
        connections.add(redis);
        return new RedisTokenStore(redis, prefix, lockTtl, lockWait, clock);
    }

    private WeComClient newInstance(WeComEmulator emulator) {
        return newInstance(emulator, newInstanceStore(), Clock.systemUTC());
    }

    private WeComClient newInstance(WeComEmulator emulator, io.github.wecom4j.token.TokenStore store) {
        return WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(emulator.baseUri()))
                .contactsSecret(DemoCorp.CONTACTS_SECRET)
                .tokenStore(store)
                .build());
    }

    private WeComClient newInstance(WeComEmulator emulator, RedisTokenStore store, Clock clock) {
        return WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(emulator.baseUri()))
                .contactsSecret(DemoCorp.CONTACTS_SECRET)
                .clock(clock)
                .tokenStore(store)
                .build());
    }

    /** gettoken as another process would call it, outside any client (counted by the emulator). */
    private static AccessToken fetchRaw(WeComEmulator emulator, Clock clock) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emulator.baseUri()
                        + "/cgi-bin/gettoken?corpid=" + DemoCorp.CORP_ID + "&corpsecret=" + DemoCorp.CONTACTS_SECRET)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        JsonNode json = JsonMapper.builder().build().readTree(body);
        return AccessToken.of(json.path("access_token").asString(), clock.instant(), json.path("expires_in").asLong());
    }

    /** The store key the SDK uses for the contacts secret (the one key the store holds after a fetch). */
    private String tokenKey() {
        return connections.get(0).keys(prefix + "*").stream().filter(k -> !k.endsWith(":refresh-lock")).findFirst()
                .orElseThrow().substring(prefix.length());
    }

    @Test
    void fourInstancesWithSixteenThreadsEachFetchTheTokenOnce(WeComEmulator emulator) throws Exception {
        List<WeComClient> instances = List.of(newInstance(emulator), newInstance(emulator), newInstance(emulator),
                newInstance(emulator));
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
    void aTokenRejectedOnOneInstanceIsReplacedOnceForAll(WeComEmulator emulator) {
        WeComClient a = newInstance(emulator);
        WeComClient b = newInstance(emulator);
        a.contacts().departments().list();
        emulator.tokens().revokeAll();
        a.contacts().departments().list();
        b.contacts().departments().list();
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isEqualTo(2);
        assertThat(emulator.counters().get("errors 40014")).isEqualTo(1);
    }

    /**
     * Behind the per-instance fallback ({@code FailoverTokenStore}, as the gateway runs it): Redis
     * answering "no token" is the cluster's answer, not a reason to use an old token this instance
     * fetched itself. Instance A's own first token was rejected and replaced by B; the replacement is
     * rejected on A: A's retry must fetch a new token, not fall back to its first one (a second
     * 40014 ended the call, and the outbox marks such a message failed for good).
     */
    @Test
    void anInstanceNeverFallsBackToItsOwnOlderTokenWhileRedisAnswers(WeComEmulator emulator) {
        WeComClient a = newInstance(emulator, new io.github.wecom4j.token.FailoverTokenStore(newInstanceStore()));
        WeComClient b = newInstance(emulator, new io.github.wecom4j.token.FailoverTokenStore(newInstanceStore()));
        a.contacts().departments().list();
        emulator.tokens().revokeAll();
        b.contacts().departments().list(); // B meets the rejection and replaces the token for all
        emulator.tokens().revokeAll();
        assertThat(a.contacts().departments().list()).isNotEmpty();
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isEqualTo(3);
        assertThat(emulator.counters().get("errors 40014")).isEqualTo(2);
    }

    @Test
    void anInstanceWhoseClockIsBehindDoesNotFetchATokenPerCall(WeComEmulator emulator) throws Exception {
        // WeCom's token is 50 s from its end (another process fetched it 7150 s ago): gettoken hands
        // it back with expires_in=50. This instance's clock is 60 s behind: an absolute expiry taken
        // from it lay in Redis's past, Redis dropped the entry at once, and every call fetched again.
        fetchRaw(emulator, emulator.clock());
        emulator.clock().advance(Duration.ofSeconds(7150));
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-60));
        WeComClient skewed = newInstance(emulator, newInstanceStore(Duration.ofSeconds(10), Duration.ofSeconds(15), behind),
                behind);
        for (int i = 0; i < 20; i++) {
            skewed.contacts().departments().list();
        }
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isEqualTo(2);
    }

    @Test
    void fourInstancesInTheRefreshAheadWindowRefreshOnceForTheCluster(WeComEmulator emulator) throws Exception {
        List<WeComClient> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(newInstance(emulator));
        }
        instances.get(0).contacts().departments().list();
        // The shared token has 200 s left: inside every instance's 5-minute refresh-ahead window.
        RedisTokenStore store = newInstanceStore();
        String key = tokenKey();
        AccessToken current = store.get(key).orElseThrow();
        store.put(key, new AccessToken(current.value(), Instant.now().minusSeconds(7000), Instant.now().plusSeconds(200)));
        // A slow gettoken, so the four refresh-aheads overlap.
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

    @Test
    void aWaiterSeesTheTokenAHolderStoredBeforeItDiedWithoutWaitingForTheLock(WeComEmulator emulator) throws Exception {
        RedisTokenStore waiterStore = newInstanceStore(Duration.ofSeconds(60), Duration.ofSeconds(65), Clock.systemUTC());
        WeComClient waiter = newInstance(emulator, waiterStore, Clock.systemUTC());
        WeComClient other = newInstance(emulator);
        other.contacts().departments().list();
        String key = tokenKey();
        connections.get(0).del(prefix + key);
        // A holder took the refresh lock (for 60 s) and will die right after storing the token.
        connections.get(0).set(prefix + key + ":refresh-lock", "dead-holder");
        long before = emulator.counters().calls("/cgi-bin/gettoken");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.atomic.AtomicReference<Thread> worker = new java.util.concurrent.atomic.AtomicReference<>();
            Future<?> call = pool.submit(() -> {
                worker.set(Thread.currentThread());
                return waiter.contacts().departments().list();
            });
            // wait until the waiter is polling for the lock (sleeping between attempts)
            while (worker.get() == null || worker.get().getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            newInstanceStore().put(key, fetchRaw(emulator, Clock.systemUTC()));
            assertThat(call.get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        } finally {
            pool.shutdownNow();
        }
        // the holder's gettoken only: the waiter used the stored token
        assertThat(emulator.counters().calls("/cgi-bin/gettoken") - before).isEqualTo(1);
    }

    @Test
    void removeOnlyDeletesTheValueThatFailed() {
        RedisTokenStore store = newInstanceStore();
        Instant now = Instant.now();
        store.put("k", AccessToken.of("new", now, 7200));
        store.remove("k", "old");
        assertThat(store.get("k")).map(AccessToken::value).contains("new");
        store.remove("k", "new");
        assertThat(store.get("k")).isEmpty();
    }

    @Test
    void redisDropsAnEntryWhenTheTokenExpires() throws Exception {
        RedisTokenStore store = newInstanceStore();
        store.put("short", new AccessToken("v", Instant.now(), Instant.now().plusMillis(300)));
        assertThat(store.get("short")).isPresent();
        long ttl = connections.get(0).pttl(prefix + "short");
        assertThat(ttl).isBetween(1L, 300L);
    }
}
