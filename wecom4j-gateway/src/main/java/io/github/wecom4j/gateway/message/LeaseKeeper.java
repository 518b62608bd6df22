package io.github.wecom4j.gateway.message;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the lease of every call being sent from running out while its send lasts: a send may take
 * far longer than a lease (a token fetch and a POST, each retried with timeouts), and a lease that
 * ran out mid-send would let a second sender send the same call. Renewed every third of the lease,
 * so a sender that dies stops renewing and its call is taken over one lease after its last renewal,
 * however long sends may take.
 */
final class LeaseKeeper {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final OutboxRepository repository;
    private final Duration lease;
    private final Clock clock;
    private final Map<Long, CallRow> inFlight = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    LeaseKeeper(OutboxRepository repository, Duration lease, Clock clock) {
        this.repository = repository;
        this.lease = lease;
        this.clock = clock;
    }

    void track(CallRow row) {
        inFlight.put(row.id(), row);
    }

    void untrack(CallRow row) {
        inFlight.remove(row.id());
    }

    /** Renews every tracked lease once (also what the timer does). */
    void renewAll() {
        for (CallRow row : inFlight.values()) {
            try {
                if (!repository.renewLease(row, clock.instant().plus(lease))) {
                    log.warn("message {} call {}: lease lost while sending (another sender took it over)", row.messageId(),
                            row.seq());
                    inFlight.remove(row.id());
                }
            } catch (RuntimeException e) {
                log.warn("could not renew the lease of message {} call {}: {}", row.messageId(), row.seq(), e.toString());
            }
        }
    }

    synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-lease-keeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, lease.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
