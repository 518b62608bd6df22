package io.github.wecom4j.spring;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.http.HttpTransport;
import io.github.wecom4j.http.RetryPolicy;
import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.token.TokenStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import java.net.URI;

/**
 * A {@link WeComClient} from {@code wecom.*} when {@code wecom.corp-id} is set. Backs off when the
 * application defines its own client (the gateway does, for its embedded emulator). A
 * {@link TokenStore} bean (e.g. from wecom4j-redis) is used when present.
 *
 * <p>The HTTP client is a {@link HttpTransport.Factory} bean: the application's own if it defines
 * one, else the one {@code wecom.transport} names (see {@link WeComTransports}). It exists with or
 * without credentials, so a client the application builds itself (the gateway's, for its embedded
 * emulator) sends through the same transport.
 */
@AutoConfiguration
@EnableConfigurationProperties(WeComProperties.class)
public class WeComAutoConfiguration {

    /** The transport {@code wecom.transport} names; a wrong choice fails start-up naming the property. */
    @Bean
    @ConditionalOnMissingBean
    public HttpTransport.Factory wecomHttpTransport(WeComProperties properties, ApplicationContext context) {
        return WeComTransports.fromProperties(properties, context.getClassLoader());
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(WeComCredentialsCondition.class)
    public WeComClient weComClient(WeComProperties properties, ObjectProvider<TokenStore> tokenStore,
                                   HttpTransport.Factory wecomHttpTransport) {
        return WeComClient.create(toConfig(properties, tokenStore.getIfAvailable(), wecomHttpTransport));
    }

    /** Turns properties into a config; a clear message names the property that is wrong. */
    public static WeComConfig toConfig(WeComProperties p, TokenStore tokenStore, HttpTransport.Factory transport) {
        if (p.getCorpId() == null || p.getCorpId().isBlank()) {
            throw new IllegalStateException("wecom.corp-id is not set");
        }
        WeComConfig.Builder b = WeComConfig.builder(p.getCorpId().trim());
        for (int i = 0; i < p.getApps().size(); i++) {
            WeComProperties.App app = p.getApps().get(i);
            boolean blankSecret = app.getSecret() == null || app.getSecret().isBlank();
            if (app.getAgentId() == 0 && blankSecret) {
                continue; // an unfilled template entry, e.g. ${WECOM_AGENT_ID:0} with no variable set
            }
            if (app.getAgentId() <= 0 || app.getSecret() == null || app.getSecret().isBlank()) {
                throw new IllegalStateException("wecom.apps[" + i + "] needs agent-id and secret");
            }
            b.app(app.getAgentId(), app.getSecret(), app.getName());
        }
        b.contactsSecret(p.getContactsSecret());
        b.hosts(new WeComHosts(URI.create(p.getHosts().getApi()), URI.create(p.getHosts().getOauth()),
                URI.create(p.getHosts().getLogin())));
        transport(p, b, transport);
        if (tokenStore != null) {
            b.tokenStore(tokenStore);
        }
        return b.build();
    }

    /**
     * The HTTP client (the {@link HttpTransport.Factory} bean), retries and timeouts from
     * {@code wecom.retry.*} and {@code wecom.timeouts.*}, for any client built from properties:
     * retries until {@code deadline}, capped by {@code max-attempts} if set.
     */
    public static WeComConfig.Builder transport(WeComProperties p, WeComConfig.Builder b, HttpTransport.Factory transport) {
        WeComProperties.Retry r = p.getRetry();
        int attempts = r.getMaxAttempts() == null ? RetryPolicy.UNLIMITED_ATTEMPTS : r.getMaxAttempts();
        return b.transport(transport).retryPolicy(new RetryPolicy(attempts, r.getInitialBackoff(), r.getMaxBackoff(), r.getDeadline()))
                .connectTimeout(p.getTimeouts().getConnect())
                .requestTimeout(p.getTimeouts().getRequest());
    }
}
