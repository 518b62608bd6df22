package io.github.wecom4j.gateway.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.message.MessageJson;
import io.github.wecom4j.message.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads that work the outbox: claim due calls, reserve each member's budget, send, record.
 *
 * <p>Delivery guarantee: a call is marked sent only after WeCom answered, so a crash between the
 * two makes another sender send it again once the lease ends (at least once). Every stored body
 * carries {@code enable_duplicate_check=1}, and a resend is byte for byte the same body, so WeCom
 * drops the second copy (at most once per member, within the check interval).
 *
 * <p>Retries: {@code -1} (system busy), transport failures and frequency errors (45009, 45033)
 * are retried with exponential backoff up to {@code maxAttempts}; other errcodes are final.
 */
@Component
class OutboxSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final Set<Integer> RETRYABLE = Set.of(-1, WeComException.TRANSPORT_FAILURE, 45009, 45033, 6000);

    private final WeComClient wecom;
    private final OutboxRepository repository;
    private final MemberBudget budget;
    private final OutboxProperties props;
    private final Clock clock;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final Object wakeUp = new Object();
    private volatile boolean running;
    private volatile long lastPrune;

    OutboxSender(WeComClient wecom, OutboxRepository repository, MemberBudget budget, OutboxProperties props,
                 @Qualifier("messageOutboxClock") Clock clock) {
        this.wecom = wecom;
        this.repository = repository;
        this.budget = budget;
        this.props = props;
        this.clock = clock;
    }

    /** Calls sent since start (for the console and benchmarks). */
    long sentCount() {
        return sent.get();
    }

    /** Nudges idle senders after an enqueue, so a new message does not wait for the poll interval. */
    void wakeUp() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** Works due calls on the calling thread until none is due; returns how many were handled. */
    int drainOnce() {
        Instant systemNow = Instant.now();
        List<CallRow> claimed = repository.claim(props.getClaimBatch(), clock.instant(), systemNow,
                systemNow.plus(props.getLease()));
        for (CallRow row : claimed) {
            handle(row);
        }
        return claimed.size();
    }

    private void handle(CallRow row) {
        Instant now = clock.instant();
        List<String> users = row.userids().isEmpty() ? List.of() : Arrays.asList(row.userids().split("\\|"));
        Optional<Instant> notBefore = budget.reserve(row.agentId(), users, now);
        if (notBefore.isPresent()) {
            repository.reschedule(row, notBefore.get(), null, null, false);
            return;
        }
        SendResult result;
        try {
            result = wecom.app(row.agentId()).messages().sendStored(MessageJson.read(row.body()));
        } catch (WeComException e) {
            if (RETRYABLE.contains(e.errcode()) && row.attempts() < props.getMaxAttempts()) {
                Instant at = clock.instant().plus(backoff(row.attempts()));
                repository.reschedule(row, at, e.errcode(), e.errmsg(), true);
                log.info("message {} call {} attempt {} failed with errcode {}, retry at {}", row.messageId(), row.seq(),
                        row.attempts(), e.errcode(), at);
            } else {
                repository.markFailed(row, e.errcode(), e.errmsg());
                log.warn("message {} call {} failed for good: errcode {}", row.messageId(), row.seq(), e.errcode());
            }
            return;
        } catch (RuntimeException e) {
            repository.markFailed(row, WeComException.TRANSPORT_FAILURE, e.getClass().getSimpleName());
            log.warn("message {} call {} failed: {}", row.messageId(), row.seq(), e.toString());
            return;
        }
        // Outside the try: WeCom has delivered. If recording that fails (the database blinked), the
        // error goes to the loop, the lease runs out, and the resend is absorbed by the duplicate
        // check; marking the call failed would misreport a delivered message for good.
        repository.markSent(row.id(), result, clock.instant());
        sent.incrementAndGet();
    }

    /** The SDK's own backoff (doubling, equal jitter), with the outbox's longer bounds. */
    Duration backoff(int attempt) {
        return new io.github.wecom4j.http.RetryPolicy(Math.max(1, props.getMaxAttempts()), props.getInitialBackoff(),
                props.getMaxBackoff()).backoff(attempt);
    }

    private void loop() {
        while (running) {
            try {
                int handled = drainOnce();
                pruneNowAndThen();
                if (handled == 0) {
                    synchronized (wakeUp) {
                        wakeUp.wait(props.getPollInterval().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("outbox sender error (will retry): {}", e.toString());
                try {
                    Thread.sleep(props.getPollInterval().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void pruneNowAndThen() {
        long now = System.nanoTime();
        if (now - lastPrune > Duration.ofMinutes(1).toNanos()) {
            lastPrune = now;
            budget.prune(clock.instant());
        }
    }

    @Override
    public synchronized void start() {
        if (running || !props.isSendersEnabled()) {
            return;
        }
        running = true;
        lastPrune = System.nanoTime();
        for (int i = 0; i < props.getSenders(); i++) {
            Thread t = new Thread(this::loop, "outbox-sender-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        log.info("message outbox: {} senders on {}", props.getSenders(), repository.postgres() ? "PostgreSQL (SKIP LOCKED)" : "H2");
    }

    @Override
    public synchronized void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
