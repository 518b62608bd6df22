package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.redis.RedisTokenStore;
import io.github.wecom4j.token.TokenStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.JedisPooled;

import java.net.URI;

/**
 * Several gateway instances share tokens through Redis when {@code wecom.token-store.redis-url}
 * (env {@code WECOM_TOKEN_STORE_REDIS_URL}, e.g. {@code redis://127.0.0.1:6379}) is set; each token
 * is then fetched once for the whole cluster. Without it, tokens are kept per instance.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "wecom.token-store", name = "redis-url")
public class RedisTokenStoreConfiguration {

    @Bean(destroyMethod = "close")
    public JedisPooled wecomTokenRedis(@Value("${wecom.token-store.redis-url}") String url) {
        return new JedisPooled(URI.create(url));
    }

    @Bean
    public TokenStore redisTokenStore(JedisPooled wecomTokenRedis,
                                      @Value("${wecom.token-store.redis-prefix:wecom4j:}") String prefix,
                                      java.time.Clock wecomClock) {
        // The client's clock: Redis reports how long a token has left, placed on the clock the cache compares with.
        return new RedisTokenStore(wecomTokenRedis, prefix, RedisTokenStore.DEFAULT_LOCK_TTL, RedisTokenStore.DEFAULT_LOCK_WAIT,
                wecomClock);
    }
}
