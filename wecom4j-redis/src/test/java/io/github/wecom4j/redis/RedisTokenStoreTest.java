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
        JedisPooled redis = RedisAvailable.connect();
        connections.add(redis);
        return new RedisTokenStore(redis, prefix, Duration.ofSeconds(10), Duration.ofSeconds(15));
    }

    private WeComClient newInstance(WeComEmulator emulator) {
        return WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(emulator.baseUri()))
                .contactsSecret(DemoCorp.CONTACTS_SECRET)
                .tokenStore(newInstanceStore())
                .build());
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
