package io.github.wecom4j.gateway.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.http.RetryPolicy;
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
 * <p>Delivery guarantee (docs/messages.md): a call is sent by one sender at a time, and a call that
 * may already have been delivered is sent again only while WeCom's duplicate check would absorb the
 * copy; otherwise it ends {@code unknown}, never as a second copy.
 * <ul>
 *   <li>Claims: a batch is claimed with one lease, but each row is re-checked and its lease renewed
 *   right before its send ({@link OutboxRepository#beginAttempt}), and the lease of the row in flight
 *   is renewed by the {@link LeaseKeeper} for as long as the send takes. A row whose claim another
 *   sender took (our lease ran out before we reached it) is skipped. Every state change is
 *   conditional on the claim, so a late sender cannot overwrite a newer outcome.</li>
 *   <li>In doubt: an attempt that may have been delivered without an answer saying so (a timeout
 *   after the request left, a sender that died mid-send) makes the call "in doubt" from that
 *   attempt's start. It is resent only if the resend starts inside the body's
 *   {@code duplicate_check_interval} from then (minus a margin); such a resend does not take a new
 *   budget slot (the first attempt's reservation stands, and an absorbed copy is not counted).</li>
 *   <li>Retries: {@code -1} (system busy), frequency errors (45009, 45033, 6000) and transport
 *   failures are retried with exponential backoff up to {@code maxAttempts}; other errcodes are
 *   final. Failures of our own infrastructure (token store, database) never reached WeCom: they are
 *   retried without spending attempts.</li>
 * </ul>
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
    private final Clock leaseClock = Clock.systemUTC();
    private final LeaseKeeper leases;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final Object wakeUp = new Object();
    private volatile boolean started;
    private volatile boolean running;
    /** Set by {@link #stop()}: senders finish the row in flight and hand the rest back. */
    private volatile boolean stopRequested;
    private volatile long lastPrune;

    OutboxSender(WeComClient wecom, OutboxRepository repository, MemberBudget budget, OutboxProperties props,
                 @Qualifier("messageOutboxClock") Clock clock) {
        this.wecom = wecom;
        this.repository = repository;
        this.budget = budget;
        this.props = props;
        this.clock = clock;
        this.leases = new LeaseKeeper(repository, props.getLease(), leaseClock);
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

    /** Works due calls on the calling thread; returns how many were claimed. */
    int drainOnce() {
        Instant systemNow = leaseClock.instant();
        List<CallRow> claimed = repository.claim(props.getClaimBatch(), clock.instant(), systemNow,
                systemNow.plus(props.getLease()));
        for (CallRow row : claimed) {
            if (stopRequested) {
                repository.release(row);
            } else {
                handle(row);
            }
        }
        return claimed.size();
    }

    private void handle(CallRow row) {
        Instant now = clock.instant();
        if (row.inDoubt() && !row.resendAbsorbedAt(now, props.getDuplicateCheckMargin())) {
            repository.markUnknown(row, null, notResent(row), false);
            log.warn("message {} call {} may have been delivered at {} and is not resent: {}", row.messageId(), row.seq(),
                    row.inDoubtSince(), row.duplicateCheckSeconds() > 0 ? "its duplicate-check window has passed"
                            : "it was sent without the duplicate check");
            return;
        }
        // A resend of an attempt that may have been delivered is absorbed by WeCom (checked above)
        // and not counted by it: the first attempt's reservation stands, no new slot is taken.
        boolean reserved = !row.inDoubt();
        if (reserved) {
            Optional<Instant> notBefore = budget.reserve(row.agentId(), members(row), row.id(), now);
            if (notBefore.isPresent()) {
                repository.deferForBudget(row, notBefore.get());
                return;
            }
        }
        if (!repository.beginAttempt(row, leaseClock.instant().plus(props.getLease()), now)) {
            if (reserved) {
                budget.release(row.id(), now);
            }
            log.info("message {} call {}: claim taken over by another sender before sending; left to it", row.messageId(),
                    row.seq());
            return;
        }
        leases.track(row);
        try {
            send(row, now, reserved);
        } finally {
            leases.untrack(row);
        }
    }

    private void send(CallRow row, Instant attemptAt, boolean reserved) {
        SendResult result;
        try {
            result = wecom.app(row.agentId()).messages().sendStored(MessageJson.read(row.body()));
        } catch (WeComException e) {
            failed(row, attemptAt, reserved, e);
            return;
        } catch (RuntimeException e) {
            // Not an answer from WeCom nor a transport failure: our token store or another piece of
            // our own infrastructure failed before the request went out (the SDK reports everything
            // after that as a WeComException). Nothing was delivered; retry without spending an attempt.
            if (reserved) {
                budget.release(row.id(), attemptAt);
            }
            Instant at = clock.instant().plus(backoff(row.transientFailures() + 1));
            repository.rescheduleTransient(row, at, e.getClass().getSimpleName() + " before reaching WeCom");
            log.warn("message {} call {}: {} before reaching WeCom, retry at {}", row.messageId(), row.seq(), e.toString(), at);
            return;
        }
        Instant answeredAt = clock.instant();
        if (result.errcode() == 81013) {
            if (reserved) {
                budget.release(row.id(), attemptAt);
            }
            repository.markAllInvalid(row, result);
            return;
        }
        if (reserved) {
            budget.settle(row.id(), attemptAt, answeredAt);
        }
        // WeCom answers an absorbed copy with the original's msgid: if another message owns it, this
        // one delivered nothing new, and recalling it must never withdraw the other.
        Optional<String> original = repository.messageWithMsgid(row.agentId(), result.msgid(), row.messageId());
        boolean recorded = original.isPresent() ? repository.markDuplicate(row, result, original.get(), answeredAt)
                : repository.markSent(row, result, answeredAt);
        if (!recorded) {
            log.warn("message {} call {} was accepted by WeCom after our claim ran out; the sender that took it over"
                    + " records the outcome (its resend is absorbed by the duplicate check)", row.messageId(), row.seq());
            return;
        }
        sent.incrementAndGet();
    }

    private void failed(CallRow row, Instant attemptAt, boolean reserved, WeComException e) {
        boolean attemptInDoubt = e.mayHaveBeenProcessed();
        if (reserved) {
            if (attemptInDoubt) {
                budget.settle(row.id(), attemptAt, clock.instant());
            } else {
                budget.release(row.id(), attemptAt);
            }
        }
        boolean inDoubt = attemptInDoubt || row.inDoubt();
        if (RETRYABLE.contains(e.errcode()) && row.attempts() < props.getMaxAttempts()) {
            Instant at = clock.instant().plus(backoff(row.attempts()));
            repository.reschedule(row, at, e.errcode(), e.errmsg(), attemptInDoubt);
            log.info("message {} call {} attempt {} failed with errcode {}{}, retry at {}", row.messageId(), row.seq(),
                    row.attempts(), e.errcode(), attemptInDoubt ? " (may have been delivered)" : "", at);
        } else if (inDoubt) {
            repository.markUnknown(row, e.errcode(), "may have been delivered; not resent after errcode " + e.errcode()
                    + ": " + e.errmsg(), attemptInDoubt);
            log.warn("message {} call {} ends unknown (may have been delivered): errcode {}", row.messageId(), row.seq(),
                    e.errcode());
        } else {
            repository.markFailed(row, e.errcode(), e.errmsg());
            log.warn("message {} call {} failed for good: errcode {}", row.messageId(), row.seq(), e.errcode());
        }
    }

    private static String notResent(CallRow row) {
        return row.duplicateCheckSeconds() > 0
                ? "may have been delivered (an attempt at " + row.inDoubtSince() + " got no answer); not resent because"
                        + " WeCom's duplicate check (" + row.duplicateCheckSeconds() + " s) would no longer absorb a copy"
                : "may have been delivered (an attempt at " + row.inDoubtSince() + " got no answer); not resent because"
                        + " it was sent without WeCom's duplicate check";
    }

    private static List<String> members(CallRow row) {
        return row.userids().isEmpty() ? List.of() : Arrays.asList(row.userids().split("\\|"));
    }

    /** The SDK's own backoff (doubling, equal jitter), with the outbox's longer bounds. */
    Duration backoff(int attempt) {
        return new RetryPolicy(Math.max(1, props.getMaxAttempts()), props.getInitialBackoff(), props.getMaxBackoff())
                .backoff(attempt);
    }

    private void loop() {
        while (running) {
            try {
                int handled = drainOnce();
                pruneNowAndThen();
                if (handled == 0) {
                    synchronized (wakeUp) {
                        if (running) {
                            wakeUp.wait(props.getPollInterval().toMillis());
                        }
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
        if (started) {
            return;
        }
        started = true;
        leases.start();
        if (!props.isSendersEnabled()) {
            return;
        }
        running = true;
        stopRequested = false;
        lastPrune = System.nanoTime();
        for (int i = 0; i < props.getSenders(); i++) {
            Thread t = new Thread(this::loop, "outbox-sender-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        log.info("message outbox: {} senders on {}", props.getSenders(), repository.postgres() ? "PostgreSQL (SKIP LOCKED)" : "H2");
    }

    /**
     * Graceful stop (SIGTERM, rolling restart): no new claims, the send in flight finishes and is
     * recorded, claimed rows not yet started go back to the queue at once for the other instances.
     * Only a send that outlasts {@code shutdownGrace} is interrupted (it then ends in doubt).
     */
    @Override
    public synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        stopRequested = true;
        running = false;
        wakeUp();
        long deadline = System.nanoTime() + props.getShutdownGrace().toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        leases.stop();
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
