package io.github.wecom4j.gateway.message;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gateway.messages.*}: API keys of internal callers and how the outbox is worked.
 *
 * <p>{@code lease} must exceed one send including the SDK's own retries of {@code -1} (a few
 * seconds): a call whose sender died is taken over when its lease ends.
 */
@ConfigurationProperties("gateway.messages")
public class OutboxProperties {

    /** Accepted values of the {@code X-API-Key} header. Empty in emulated mode: a demo key is generated. */
    private List<String> apiKeys = new ArrayList<>();
    private boolean sendersEnabled = true;
    private int senders = 4;
    private int claimBatch = 16;
    private Duration pollInterval = Duration.ofMillis(200);
    private Duration lease = Duration.ofSeconds(60);
    private int maxAttempts = 12;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(5);
    /** Added to WeCom's windows so our clock and WeCom's never disagree about a 31st message. */
    private Duration budgetMargin = Duration.ofSeconds(2);
    /** WeCom's duplicate_check_interval used when the caller does not give one (WeCom's default). */
    private Duration duplicateCheckInterval = Duration.ofSeconds(1800);

    public List<String> getApiKeys() {
        return apiKeys;
    }

    public void setApiKeys(List<String> apiKeys) {
        this.apiKeys = apiKeys;
    }

    public boolean isSendersEnabled() {
        return sendersEnabled;
    }

    public void setSendersEnabled(boolean sendersEnabled) {
        this.sendersEnabled = sendersEnabled;
    }

    public int getSenders() {
        return senders;
    }

    public void setSenders(int senders) {
        this.senders = senders;
    }

    public int getClaimBatch() {
        return claimBatch;
    }

    public void setClaimBatch(int claimBatch) {
        this.claimBatch = claimBatch;
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

    public Duration getBudgetMargin() {
        return budgetMargin;
    }

    public void setBudgetMargin(Duration budgetMargin) {
        this.budgetMargin = budgetMargin;
    }

    public Duration getDuplicateCheckInterval() {
        return duplicateCheckInterval;
    }

    public void setDuplicateCheckInterval(Duration duplicateCheckInterval) {
        this.duplicateCheckInterval = duplicateCheckInterval;
    }
}
