package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.redis.RedisTokenStore;
import io.github.wecom4j.token.FailoverTokenStore;
import io.github.wecom4j.token.NearCachedTokenStore;
import io.github.wecom4j.token.TokenPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.JedisPooled;

import java.net.URI;
import java.time.Duration;

/**
 * Several gateway instances share tokens through Redis when {@code wecom.token-store.redis-url}
 * (env {@code WECOM_TOKEN_STORE_REDIS_URL}, e.g. {@code redis://127.0.0.1:6379}) is set; each token
 * is then fetched once for the whole cluster. Without it, tokens are kept per instance. While Redis
 * is down the gateway keeps serving with per-instance tokens ({@link FailoverTokenStore}) and says
 * so in its health ({@code tokenStore}: DEGRADED) and log.
 *
 * <p>Each instance keeps a copy of a valid token for at most {@code wecom.token-store.near-cache}
 * (default 1 s; 0 = off, {@link NearCachedTokenStore}): without it every WeCom call was a Redis
 * round trip and script first. Another instance's new token is seen here at most that late, which
 * the copy's rules make harmless (no copy inside the refresh-ahead window, a rejection drops it).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "wecom.token-store", name = "redis-url")
public class RedisTokenStoreConfiguration {

    @Bean(destroyMethod = "close")
    public JedisPooled wecomTokenRedis(@Value("${wecom.token-store.redis-url}") String url) {
        return new JedisPooled(URI.create(url));
    }

    @Bean
    public FailoverTokenStore redisTokenStore(JedisPooled wecomTokenRedis,
                                              @Value("${wecom.token-store.redis-prefix:wecom4j:}") String prefix,
                                              @Value("${wecom.token-store.near-cache:1s}") Duration nearCache,
                                              java.time.Clock wecomClock) {
        // The client's clock: Redis reports how long a token has left, placed on the clock the cache compares with.
        RedisTokenStore redis = new RedisTokenStore(wecomTokenRedis, prefix, RedisTokenStore.DEFAULT_LOCK_TTL,
                RedisTokenStore.DEFAULT_LOCK_WAIT, wecomClock);
        // Inside the failover: a Redis outage is still noticed on the first read the copy cannot answer.
        // The policy is the client's: the starter and the embedded-emulator client keep WeComConfig's default.
        return new FailoverTokenStore(new NearCachedTokenStore(redis, TokenPolicy.DEFAULT, nearCache, wecomClock));
    }
}
