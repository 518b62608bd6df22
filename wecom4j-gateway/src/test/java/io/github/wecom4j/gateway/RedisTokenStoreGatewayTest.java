package io.github.wecom4j.gateway;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.token.TokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import redis.clients.jedis.JedisPooled;

import static org.assertj.core.api.Assertions.assertThat;

/** With a Redis URL configured, the gateway keeps its tokens in Redis for the other instances. */
@SpringBootTest(properties = {
        "wecom.token-store.redis-url=redis://127.0.0.1:6379",
        "wecom.token-store.redis-prefix=wecom4j-gateway-test:",
        // long enough that the test's steps always fall inside it, on a loaded machine too
        "wecom.token-store.near-cache=60s"})
@ActiveProfiles("test")
class RedisTokenStoreGatewayTest {

    @Autowired
    TokenStore tokenStore;

    @Autowired
    WeComClient wecom;

    @Autowired
    JedisPooled redis;

    @Autowired
    io.github.wecom4j.emulator.WeComEmulator emulator;

    @BeforeAll
    static void redisAnswers() {
        try (JedisPooled probe = new JedisPooled("127.0.0.1", 6379)) {
            probe.ping();
        } catch (RuntimeException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("Redis must be reachable under CI=true", e);
            }
            Assumptions.abort("Redis not reachable at 127.0.0.1:6379");
        }
    }

    @AfterEach
    void cleanUp() {
        redis.keys("wecom4j-gateway-test:*").forEach(redis::del);
    }

    @Test
    void tokensAreKeptInRedisWithoutTheSecret() {
        // Redis behind a fallback to per-instance tokens while it is down (InfrastructureOutageTest)
        assertThat(tokenStore).isInstanceOf(io.github.wecom4j.token.FailoverTokenStore.class);
        wecom.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken();
        var keys = redis.keys("wecom4j-gateway-test:*");
        assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(k).doesNotContain(DemoCorp.APPROVALS_SECRET));
    }

    @Test
    void aValidTokenIsServedFromTheInstancesCopyNotReadFromRedisPerCall() {
        wecom.contacts().departments().list();
        long fetches = emulator.counters().calls("/cgi-bin/gettoken");
        // Behind the gateway's back, Redis now holds a token WeCom never issued: a call that read
        // Redis would be rejected (40014) and fetch again; one served from the copy is not.
        String key = redis.keys("wecom4j-gateway-test:*").stream().filter(k -> !k.endsWith(":refresh-lock"))
                .findFirst().orElseThrow();
        redis.hset(key, "v", "not-a-token-wecom-issued");
        assertThat(wecom.contacts().departments().list()).isNotEmpty();
        assertThat(emulator.counters().get("errors 40014")).isZero();
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isEqualTo(fetches);
    }
}
