package io.github.wecom4j;

import io.github.wecom4j.http.HttpTransport;
import io.github.wecom4j.http.JdkHttpTransport;
import io.github.wecom4j.http.RetryPolicy;
import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.token.InMemoryTokenStore;
import io.github.wecom4j.token.TokenPolicy;
import io.github.wecom4j.token.TokenStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link WeComClient} needs, immutable once built.
 *
 * <pre>{@code
 * WeComConfig config = WeComConfig.builder("ww1234567890")
 *         .app(1000002, System.getenv("WECOM_APP_SECRET"), "approvals")
 *         .contactsSecret(System.getenv("WECOM_CONTACTS_SECRET"))
 *         .build();
 * }</pre>
 */
public final class WeComConfig {

    private final String corpId;
    private final Map<Integer, AppCredentials> apps;
    private final String contactsSecret;
    private final WeComHosts hosts;
    private final RetryPolicy retryPolicy;
    private final TokenPolicy tokenPolicy;
    private final TokenStore tokenStore;
    private final Clock clock;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final HttpTransport.Factory transport;

    private WeComConfig(Builder b) {
        this.corpId = b.corpId;
        this.apps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.apps));
        this.contactsSecret = b.contactsSecret;
        this.hosts = b.hosts;
        this.retryPolicy = b.retryPolicy;
        this.tokenPolicy = b.tokenPolicy;
        this.tokenStore = b.tokenStore;
        this.clock = b.clock;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.transport = b.transport;
    }

    public static Builder builder(String corpId) {
        return new Builder(corpId);
    }

    public String corpId() {
        return corpId;
    }

    /** The configured apps by agentid, in configuration order. */
    public Map<Integer, AppCredentials> apps() {
        return apps;
    }

    public Optional<String> contactsSecret() {
        return Optional.ofNullable(contactsSecret);
    }

    public WeComHosts hosts() {
        return hosts;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public TokenPolicy tokenPolicy() {
        return tokenPolicy;
    }

    public TokenStore tokenStore() {
        return tokenStore;
    }

    public Clock clock() {
        return clock;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Builds the client's transport; the JDK's HTTP client unless another was configured. */
    public HttpTransport.Factory transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "WeComConfig[corpId=" + corpId + ", apps=" + new ArrayList<>(apps.values()) + ", contactsSecret="
                + (contactsSecret == null ? "none" : "***") + ", hosts=" + hosts + "]";
    }

    /**
     * Builder with production defaults: WeCom's hosts, retries until 10 s after the first attempt,
     * in-memory tokens, the JDK's HTTP client.
     */
    public static final class Builder {
        private final String corpId;
        private final Map<Integer, AppCredentials> apps = new LinkedHashMap<>();
        private String contactsSecret;
        private WeComHosts hosts = WeComHosts.PRODUCTION;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private TokenPolicy tokenPolicy = TokenPolicy.DEFAULT;
        private TokenStore tokenStore = new InMemoryTokenStore();
        private Clock clock = Clock.systemUTC();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(15);
        private HttpTransport.Factory transport = JdkHttpTransport::new;

        private Builder(String corpId) {
            if (corpId == null || corpId.isBlank()) {
                throw new IllegalArgumentException("corpId is required");
            }
            this.corpId = corpId;
        }

        public Builder app(int agentId, String secret, String name) {
            return app(new AppCredentials(agentId, secret, name));
        }

        public Builder app(AppCredentials app) {
            if (apps.putIfAbsent(app.agentId(), app) != null) {
                throw new IllegalArgumentException("app " + app.agentId() + " configured twice");
            }
            return this;
        }

        /** The secret of the contacts-sync tool (通讯录同步), needed to write the directory. */
        public Builder contactsSecret(String secret) {
            this.contactsSecret = secret == null || secret.isBlank() ? null : secret;
            return this;
        }

        public Builder hosts(WeComHosts hosts) {
            this.hosts = Objects.requireNonNull(hosts);
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy);
            return this;
        }

        public Builder tokenPolicy(TokenPolicy tokenPolicy) {
            this.tokenPolicy = Objects.requireNonNull(tokenPolicy);
            return this;
        }

        public Builder tokenStore(TokenStore tokenStore) {
            this.tokenStore = Objects.requireNonNull(tokenStore);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * Another HTTP client for the calls (e.g. {@code ApacheHttpTransport::new} from
         * wecom4j-httpclient5); retries, tokens and errors stay the SDK's.
         */
        public Builder transport(HttpTransport.Factory transport) {
            this.transport = Objects.requireNonNull(transport);
            return this;
        }

        public WeComConfig build() {
            if (apps.isEmpty() && contactsSecret == null) {
                throw new IllegalStateException("configure at least one app or the contacts secret for corp " + corpId);
            }
            return new WeComConfig(this);
        }
    }
}
