package io.github.wecom4j.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wecom.*}: the corp, its apps and where WeCom is.
 *
 * <pre>
 * wecom:
 *   corp-id: ww1234567890
 *   contacts-secret: ${WECOM_CONTACTS_SECRET}
 *   apps:
 *     - agent-id: 1000002
 *       secret: ${WECOM_APP_SECRET}
 *       name: approvals
 * </pre>
 */
@ConfigurationProperties(prefix = "wecom")
public class WeComProperties {

    /** The corp id (企业ID). Blank means "not configured". */
    private String corpId;

    /** Secret of the contacts-sync tool (通讯录同步), optional. */
    private String contactsSecret;

    /** The self-built apps this service acts for. */
    private List<App> apps = new ArrayList<>();

    /** WeCom hosts; override to point at an emulator or a proxy. */
    private Hosts hosts = new Hosts();

    /** Retries of calls WeCom answers with -1 or that fail on the network. */
    private Retry retry = new Retry();
    /** How long to wait for a connection and for WeCom's answer to one request. */
    private Timeouts timeouts = new Timeouts();

    /**
     * The HTTP client the calls go through: {@code auto} (wecom4j-httpclient5's transport, on Apache
     * HttpCore 5, when wecom4j-httpclient5 is on the classpath, else the JDK's), {@code jdk} or {@code httpclient5}.
     * A {@code HttpTransport.Factory} bean of the application wins over this.
     */
    private TransportKind transport = TransportKind.AUTO;

    /**
     * Pooled connections per WeCom host (httpclient5 only; the JDK client does not cap them). Every
     * thread calling WeCom at once needs one, or it waits for a free one; unset: the transport's
     * default (64).
     */
    private Integer transportMaxConnections;

    public TransportKind getTransport() {
        return transport;
    }

    public void setTransport(TransportKind transport) {
        this.transport = transport;
    }

    public Integer getTransportMaxConnections() {
        return transportMaxConnections;
    }

    public void setTransportMaxConnections(Integer transportMaxConnections) {
        this.transportMaxConnections = transportMaxConnections;
    }

    /** Values of {@code wecom.transport}. */
    public enum TransportKind {
        /** httpclient5 when its module is on the classpath, else jdk. */
        AUTO,
        /** The JDK's {@code java.net.http.HttpClient} (no dependency). */
        JDK,
        /** wecom4j-httpclient5's transport on Apache HttpCore 5 (needs io.github.wecom4j:wecom4j-httpclient5). */
        HTTPCLIENT5
    }

    public Timeouts getTimeouts() {
        return timeouts;
    }

    public void setTimeouts(Timeouts timeouts) {
        this.timeouts = timeouts;
    }

    /** Timeouts of one HTTP request to WeCom (each retry has its own). */
    public static class Timeouts {
        private Duration connect = Duration.ofSeconds(5);
        private Duration request = Duration.ofSeconds(15);

        public Duration getConnect() {
            return connect;
        }

        public void setConnect(Duration connect) {
            this.connect = connect;
        }

        public Duration getRequest() {
            return request;
        }

        public void setRequest(Duration request) {
            this.request = request;
        }
    }

    public String getCorpId() {
        return corpId;
    }

    public void setCorpId(String corpId) {
        this.corpId = corpId;
    }

    public String getContactsSecret() {
        return contactsSecret;
    }

    public void setContactsSecret(String contactsSecret) {
        this.contactsSecret = contactsSecret;
    }

    public List<App> getApps() {
        return apps;
    }

    public void setApps(List<App> apps) {
        this.apps = apps;
    }

    public Hosts getHosts() {
        return hosts;
    }

    public void setHosts(Hosts hosts) {
        this.hosts = hosts;
    }

    public Retry getRetry() {
        return retry;
    }

    public void setRetry(Retry retry) {
        this.retry = retry;
    }

    /** One app. */
    public static class App {
        private int agentId;
        private String secret;
        private String name;
        /** The app's callback Token (receive messages), optional. */
        private String callbackToken;
        /** The app's callback EncodingAESKey (43 characters), optional. */
        private String callbackAesKey;

        public String getCallbackToken() {
            return callbackToken;
        }

        public void setCallbackToken(String callbackToken) {
            this.callbackToken = callbackToken;
        }

        public String getCallbackAesKey() {
            return callbackAesKey;
        }

        public void setCallbackAesKey(String callbackAesKey) {
            this.callbackAesKey = callbackAesKey;
        }

        public int getAgentId() {
            return agentId;
        }

        public void setAgentId(int agentId) {
            this.agentId = agentId;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return "App[agentId=" + agentId + ", name=" + name + ", secret=***, callbackToken=***, callbackAesKey=***]";
        }
    }

    /** WeCom's three hosts. */
    public static class Hosts {
        private String api = "https://qyapi.weixin.qq.com";
        private String oauth = "https://open.weixin.qq.com";
        private String login = "https://login.work.weixin.qq.com";

        public String getApi() {
            return api;
        }

        public void setApi(String api) {
            this.api = api;
        }

        public String getOauth() {
            return oauth;
        }

        public void setOauth(String oauth) {
            this.oauth = oauth;
        }

        public String getLogin() {
            return login;
        }

        public void setLogin(String login) {
            this.login = login;
        }
    }

    /**
     * Retries of -1 and of network failures that are safe to repeat: until {@code deadline} after
     * the first attempt (default 10 s), optionally also capped at {@code max-attempts} (unset: no cap).
     */
    public static class Retry {
        private Integer maxAttempts;
        private Duration deadline = Duration.ofSeconds(10);
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(2);

        public Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getDeadline() {
            return deadline;
        }

        public void setDeadline(Duration deadline) {
            this.deadline = deadline;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }
}
