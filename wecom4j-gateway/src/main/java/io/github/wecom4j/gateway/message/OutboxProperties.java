package io.github.wecom4j.gateway.message;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gateway.messages.*}: API keys of internal callers and how the outbox is worked.
 *
 * <p>{@code lease}: how long a claim lasts without renewal. The call being sent is renewed every
 * third of it for as long as its send lasts, so it only bounds how soon a dead sender's calls are
 * taken over, not how long a send may take.
 */
@ConfigurationProperties("gateway.messages")
public class OutboxProperties {

    /** Accepted values of the {@code X-API-Key} header. Empty in emulated mode: a demo key is generated. */
    private List<String> apiKeys = new ArrayList<>();
    private boolean sendersEnabled = true;
    /**
     * Sender threads, i.e. message/send calls in flight per instance (each sends one call at a
     * time). Each takes a database connection for every statement, so the pool needs about as many.
     */
    private int senders = 16;
    private int claimBatch = 16;
    private Duration pollInterval = Duration.ofMillis(200);
    /**
     * Under intake, how long a sender lets new calls gather before it claims again. Each claim costs
     * the same few statements (claim, budget, begin, outcomes) whether it takes 1 call or 16; waking a
     * sender for every accepted message made every claim take one, and the senders' CPU starved the
     * intake. Now a sender that took calls lingers this long and claims again, and enqueues meanwhile
     * wake no one; an idle outbox still wakes a sender at once. Adds at most this much to delivery.
     */
    private Duration claimLinger = Duration.ofMillis(25);
    /**
     * Intake first: while callers post messages to this instance, at most this many of its senders
     * claim and send at a time, as long as delivery keeps up (see {@code intakeFirstMaxLag}). Their
     * CPU then goes to answering callers, and their claims take bigger batches. 0, or a value of at
     * least {@code senders}, turns the limit off.
     */
    private int intakeFirstSenders = 4;
    /**
     * How long a backlog may last under the intake-first limit (every claim coming back full) before
     * every sender works again until the outbox catches up, if the machine has CPU to spare
     * ({@code intakeFirstBusyCpu}); on a saturated machine the backlog waits for intake to pause.
     */
    private Duration intakeFirstMaxLag = Duration.ofSeconds(5);
    /**
     * From this share of the machine's CPU (0 to 1, smoothed over about a second) up, a lasting
     * backlog does not lift the intake-first limit: more senders would take CPU from callers without
     * delivering more. Senders waiting on WeCom use little CPU, so where the network is the
     * bottleneck the limit still lifts. Above 1: a lasting backlog always lifts it.
     */
    private double intakeFirstBusyCpu = 0.75;
    private Duration lease = Duration.ofSeconds(30);
    private int maxAttempts = 12;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(5);
    /** Added to WeCom's windows so our clock and WeCom's never disagree about a 31st message. */
    private Duration budgetMargin = Duration.ofSeconds(2);
    /**
     * WeCom's duplicate_check_interval when the caller gives none: WeCom's maximum (4 h), the
     * longest window in which a call that may have been delivered can still be resent safely.
     */
    private Duration duplicateCheckInterval = Duration.ofHours(4);
    /**
     * A call in doubt is resent only if the resend starts this long before its duplicate-check window
     * closes: room for the send itself and for the distance between our clock and WeCom's.
     */
    private Duration duplicateCheckMargin = Duration.ofSeconds(60);
    /** On a graceful stop, how long the send in flight may take before it is interrupted. */
    private Duration shutdownGrace = Duration.ofSeconds(20);
    /**
     * How long an Idempotency-Key is remembered: a retry after this is a new message. A day covers
     * a caller's retries across a restart or an outage of a few hours.
     */
    private Duration idempotencyRetention = Duration.ofHours(24);
    /** First-run mode only: the demo API key to use instead of a new random one per start. */
    private String demoKey;

    public String getDemoKey() {
        return demoKey;
    }

    public void setDemoKey(String demoKey) {
        this.demoKey = demoKey;
    }

    public Duration getIdempotencyRetention() {
        return idempotencyRetention;
    }

    public void setIdempotencyRetention(Duration idempotencyRetention) {
        this.idempotencyRetention = idempotencyRetention;
    }

    /** Group commit of intake: transactions writing accepted messages at the same time. */
    private int intakeWriters = 2;
    /** Group commit of intake: messages per transaction at most. */
    private int intakeBatch = 256;
    /** Group commit of intake: messages waiting for a transaction at most; beyond it 503 (nothing stored). */
    private int intakeMaxWaiting = 4096;
    /**
     * Most bytes one request may store: WeCom takes at most 1,000 users, 100 departments and 100
     * tags a call, so a message to a large audience is stored once per call, its content repeated
     * in each. The request body limit alone let a 2 MB body become gigabytes of calls.
     */
    private DataSize maxStoredPerRequest = DataSize.ofMegabytes(8);

    public DataSize getMaxStoredPerRequest() {
        return maxStoredPerRequest;
    }

    public void setMaxStoredPerRequest(DataSize maxStoredPerRequest) {
        this.maxStoredPerRequest = maxStoredPerRequest;
    }

    public int getIntakeFirstSenders() {
        return intakeFirstSenders;
    }

    public void setIntakeFirstSenders(int intakeFirstSenders) {
        this.intakeFirstSenders = intakeFirstSenders;
    }

    public Duration getIntakeFirstMaxLag() {
        return intakeFirstMaxLag;
    }

    public void setIntakeFirstMaxLag(Duration intakeFirstMaxLag) {
        this.intakeFirstMaxLag = intakeFirstMaxLag;
    }

    public double getIntakeFirstBusyCpu() {
        return intakeFirstBusyCpu;
    }

    public void setIntakeFirstBusyCpu(double intakeFirstBusyCpu) {
        this.intakeFirstBusyCpu = intakeFirstBusyCpu;
    }

    public int getIntakeWriters() {
        return intakeWriters;
    }

    public void setIntakeWriters(int intakeWriters) {
        this.intakeWriters = intakeWriters;
    }

    public int getIntakeBatch() {
        return intakeBatch;
    }

    public void setIntakeBatch(int intakeBatch) {
        this.intakeBatch = intakeBatch;
    }

    public int getIntakeMaxWaiting() {
        return intakeMaxWaiting;
    }

    public void setIntakeMaxWaiting(int intakeMaxWaiting) {
        this.intakeMaxWaiting = intakeMaxWaiting;
    }

    public Duration getDuplicateCheckMargin() {
        return duplicateCheckMargin;
    }

    public void setDuplicateCheckMargin(Duration duplicateCheckMargin) {
        this.duplicateCheckMargin = duplicateCheckMargin;
    }

    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }

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

    public Duration getClaimLinger() {
        return claimLinger;
    }

    public void setClaimLinger(Duration claimLinger) {
        this.claimLinger = claimLinger;
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
