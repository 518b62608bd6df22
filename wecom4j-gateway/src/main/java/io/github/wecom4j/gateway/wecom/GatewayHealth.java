package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComErrorCodes;
import io.github.wecom4j.token.FailoverTokenStore;
import io.github.wecom4j.token.TokenState;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * What the gateway adds to {@code /actuator/health} (docs/operations.md):
 * <ul>
 *   <li>{@link #DEGRADED}: still serving, but not as it should (per-instance tokens because Redis
 *   is down, WeCom refusing a credential). Answered with HTTP 200, so a load balancer keeps the
 *   instance; the outbox keeps accepting and sends once the cause is fixed. Alert on it.</li>
 *   <li>{@code wecom}: each configured credential's last known state, from the token caches: no
 *   call to WeCom per health check. Refused credentials are named with their errcode and hint;
 *   {@code transport} names the HTTP client the calls go through ({@code httpclient5} or {@code jdk},
 *   from {@code wecom.transport}).</li>
 * </ul>
 * Readiness is the database (nothing can be accepted without it), the token store and these
 * credentials; liveness is the process only.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayHealth {

    public static final Status DEGRADED = new Status("DEGRADED", "serving, but see the details");

    /**
     * {@code tokenStore}: UP while Redis shares the tokens (or when none is configured: tokens per
     * instance by choice); DEGRADED while Redis is down and tokens are per instance meanwhile.
     */
    @Bean
    HealthIndicator tokenStoreHealthIndicator(ObjectProvider<FailoverTokenStore> shared) {
        return () -> {
            FailoverTokenStore store = shared.getIfAvailable();
            if (store == null) {
                return Health.up().withDetail("tokens", "per instance (no wecom.token-store.redis-url)").build();
            }
            Health.Builder h = store.probe() ? Health.up().withDetail("tokens", "shared in Redis")
                    : Health.status(DEGRADED).withDetail("tokens",
                            "per instance: Redis is not answering; one gettoken per instance until it does");
            store.lastFailure().ifPresent(f -> h.withDetail("lastFailure", f));
            return h.build();
        };
    }

    @Bean
    HealthIndicator wecomHealthIndicator(WeComClient wecom) {
        return () -> {
            Health.Builder h = Health.up().withDetail("transport", wecom.transportName());
            boolean refused = false;
            for (Map.Entry<String, TokenState> e : wecom.credentialStates().entrySet()) {
                TokenState s = e.getValue();
                String verdict;
                if (s.lastErrcode() != null) {
                    refused = true;
                    verdict = "refused: errcode " + s.lastErrcode() + " (" + WeComErrorCodes.hint(s.lastErrcode()) + ")";
                } else if (s.cached()) {
                    verdict = "ok, token valid for " + s.remaining().toSeconds() + " s";
                } else {
                    verdict = s.fetches() == 0 ? "not used yet" : "ok";
                }
                h.withDetail(e.getKey(), verdict);
            }
            return (refused ? h.status(DEGRADED) : h).build();
        };
    }
}
