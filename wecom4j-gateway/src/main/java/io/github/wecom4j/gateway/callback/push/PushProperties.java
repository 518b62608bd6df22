package io.github.wecom4j.gateway.callback.push;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gateway.callbacks.push.*}: subscriptions from configuration and how pushes are worked.
 *
 * <p>A delivery is retried with jittered doubling backoff from {@code initialBackoff} to {@code
 * maxBackoff}; it becomes a dead letter after {@code maxAttempts} attempts or once it is older
 * than {@code maxAge}, whichever comes first. With the defaults a consumer may be down for about
 * two hours before its first event is given up.
 */
@ConfigurationProperties("gateway.callbacks.push")
public class PushProperties {

    /** A subscription written in application.yml (source "config"): kept in the database at startup. */
    public static class Configured {
        private String name;
        private String url;
        private List<String> eventTypes = new ArrayList<>(List.of("*"));
        private String secret;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public List<String> getEventTypes() {
            return eventTypes;
        }

        public void setEventTypes(List<String> eventTypes) {
            this.eventTypes = eventTypes;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }
    }

    private List<Configured> subscriptions = new ArrayList<>();
    /**
     * Internal hosts consumers may have (names, addresses, CIDR blocks); every other loopback,
     * private, link-local, multicast or unspecified address is refused (ConsumerAddresses).
     */
    private List<String> allowedHosts = new ArrayList<>();
    private boolean workersEnabled = true;
    private int workers = 2;
    private int claimBatch = 16;
    /** Pushes in flight at once per instance (one thread each): a stalled consumer holds one of them. */
    private int concurrency = 16;
    private Duration pollInterval = Duration.ofMillis(200);
    /** How long a claim lasts; at least a few request timeouts, so a live worker never loses it mid-request. */
    private Duration lease = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 20;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(10);
    private Duration maxAge = Duration.ofHours(24);
    /** How long delivered rows are kept (health counts, the console) before the hourly prune deletes them. */
    private Duration retention = Duration.ofDays(7);
    /** Subscriptions per corp, so a caller with an API key cannot fan every callback out without bound. */
    private int maxSubscriptions = 100;

    /**
     * Refuses settings under which a push could be sent twice at once: a lease that can end while
     * its push is still running (connect + request timeout) would hand the row to a second worker.
     */
    public void validate() {
        Duration push = connectTimeout.plus(requestTimeout);
        if (lease.compareTo(push) <= 0) {
            throw new IllegalStateException("gateway.callbacks.push.lease (" + lease.toSeconds() + " s) must be longer than"
                    + " connect-timeout + request-timeout (" + push.toSeconds() + " s): a push still running when its lease"
                    + " ends would be taken over by another worker and sent twice; raise the lease or lower the timeouts");
        }
        if (initialBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalStateException("gateway.callbacks.push.initial-backoff (" + initialBackoff + ") must not be longer"
                    + " than max-backoff (" + maxBackoff + ")");
        }
        if (workers < 1 || concurrency < 1 || claimBatch < 1) {
            throw new IllegalStateException("gateway.callbacks.push.workers, concurrency and claim-batch must be at least 1");
        }
    }

    public List<Configured> getSubscriptions() {
        return subscriptions;
    }

    public void setSubscriptions(List<Configured> subscriptions) {
        this.subscriptions = subscriptions;
    }

    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    public void setAllowedHosts(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    public boolean isWorkersEnabled() {
        return workersEnabled;
    }

    public void setWorkersEnabled(boolean workersEnabled) {
        this.workersEnabled = workersEnabled;
    }

    public int getWorkers() {
        return workers;
    }

    public void setWorkers(int workers) {
        this.workers = workers;
    }

    public int getClaimBatch() {
        return claimBatch;
    }

    public void setClaimBatch(int claimBatch) {
        this.claimBatch = claimBatch;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = lease;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
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

    public Duration getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public int getMaxSubscriptions() {
        return maxSubscriptions;
    }

    public void setMaxSubscriptions(int maxSubscriptions) {
        this.maxSubscriptions = maxSubscriptions;
    }
}
