package io.github.wecom4j.gateway.message;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.gateway.net.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.JedisPooled;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14.5: the shared token store (Redis) blinks while a message is due. Nothing reached WeCom,
 * so the message must wait for Redis, not be failed for good. Redis sits behind a relay the test
 * cuts and restores; the real Redis keeps serving everyone else.
 */
@SpringBootTest(properties = "gateway.messages.senders-enabled=false")
@ActiveProfiles("test")
class OutboxTokenStoreOutageTest {

    static TcpProxy redisRelay;
    static final String PREFIX = "wecom4j-outage-test-" + UUID.randomUUID() + ":";

    @DynamicPropertySource
    static void redisBehindARelay(DynamicPropertyRegistry registry) throws Exception {
        try (JedisPooled probe = new JedisPooled("127.0.0.1", 6379)) {
            probe.ping();
        } catch (RuntimeException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("Redis must be reachable under CI=true", e);
            }
            Assumptions.abort("Redis not reachable at 127.0.0.1:6379");
        }
        redisRelay = new TcpProxy("127.0.0.1", 6379);
        registry.add("wecom.token-store.redis-url", () -> "redis://127.0.0.1:" + redisRelay.port());
        registry.add("wecom.token-store.redis-prefix", () -> PREFIX);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (JedisPooled redis = new JedisPooled("127.0.0.1", 6379)) {
            redis.keys(PREFIX + "*").forEach(redis::del);
        }
        redisRelay.close();
    }

    @Autowired
    MessageOutbox outbox;
    @Autowired
    OutboxSender sender;
    @Autowired
    WeComEmulator emulator;

    @Test
    void aTokenStoreOutageDelaysAMessageInsteadOfFailingItForGood() {
        String id = outbox.enqueue("{\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"through a blip\"}}").id();
        redisRelay.cut();
        try {
            sender.drainOnce();
            Map<String, Object> during = outbox.status(id).orElseThrow();
            assertThat(during.get("state")).as("nothing reached WeCom: not a final failure").isNotIn("failed", "unknown");
        } finally {
            redisRelay.restore();
        }
        // Redis is back: the next attempt (after its backoff) delivers it once
        emulator.clock().advance(Duration.ofMinutes(10));
        sender.drainOnce();
        assertThat(outbox.status(id).orElseThrow().get("state")).isEqualTo("sent");
        assertThat(emulator.inboxes().of("lisi")).filteredOn(d -> d.summary().equals("through a blip")).hasSize(1);
    }
}
