package io.github.wecom4j.redis;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.JedisPooled;

/** Redis at 127.0.0.1:6379, or a skip on a laptop without it; under CI=true its absence fails. */
final class RedisAvailable {

    private RedisAvailable() {
    }

    static JedisPooled connect() {
        JedisPooled redis = new JedisPooled(System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1"),
                Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379")));
        try {
            redis.ping();
            return redis;
        } catch (RuntimeException e) {
            redis.close();
            String why = "Redis is not reachable at 127.0.0.1:6379 (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why + ": tests that need Redis must run under CI=true");
            }
            Assumptions.abort(why);
            return null;
        }
    }
}
