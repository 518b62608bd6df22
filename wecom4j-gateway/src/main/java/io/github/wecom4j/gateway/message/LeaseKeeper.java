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
 *
 * <p>A sender that stalls instead of dying (a VM or GC pause, this timer starved) stops renewing
 * too, and its calls are taken over just the same; when it wakes up it must not send what it no
 * longer holds. So a call is sent only if {@link #stillHeld} says so: its lease was renewed less than
 * half a lease ago on the monotonic clock (a wall clock that jumps cannot make an old renewal look
 * recent), or is renewed right then, conditionally on the claim.
 */
final class LeaseKeeper {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final OutboxRepository repository;
    private final Duration lease;
    private final Clock clock;
    private final long freshNanos;
    private final Map<Long, Held> inFlight = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    /** A call whose lease this sender holds, and when (monotonic) the lease was last set before. */
    private record Held(CallRow row, long renewedAtNanos) {
    }

    LeaseKeeper(OutboxRepository repository, Duration lease, Clock clock) {
        this.repository = repository;
        this.lease = lease;
        this.clock = clock;
        this.freshNanos = lease.toNanos() / 2;
    }

    /**
     * Keeps renewing the lease of {@code row}, which this sender set; {@code setAtNanos} is
     * {@link System#nanoTime()} read before the statement that set it (the lease ends one lease after
     * a wall-clock reading taken no earlier).
     */
    void track(CallRow row, long setAtNanos) {
        inFlight.put(row.id(), new Held(row, setAtNanos));
    }

    /**
     * Whether this sender still holds the claim of a tracked call, so that it may send it now: the
     * lease was set less than half a lease ago, or is renewed now. False when the claim was lost
     * (another sender took it over while this one stalled), when the call is not tracked, and when
     * the renewal fails (the database is unreachable: not knowing, the call is not sent; it is taken
     * over in doubt once its lease runs out).
     */
    boolean stillHeld(CallRow row) {
        Held held = inFlight.get(row.id());
        if (held == null || !held.row().claimToken().equals(row.claimToken())) {
            return false; // lost, or the same call claimed again since (by another thread of this process)
        }
        long now = System.nanoTime();
        if (now - held.renewedAtNanos() < freshNanos) {
            return true;
        }
        try {
            if (repository.renewLease(row, clock.instant().plus(lease))) {
                inFlight.replace(row.id(), held, new Held(row, now));
                return true;
            }
            inFlight.remove(row.id(), held);
            log.warn("message {} call {}: claim lost while this sender stalled ({} ms since its lease was set); not sent",
                    row.messageId(), row.seq(), (now - held.renewedAtNanos()) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("message {} call {}: lease not renewed before sending ({}); not sent, left to be taken over in doubt",
                    row.messageId(), row.seq(), e.toString());
        }
        return false;
    }

    /** Stops renewing this claim of the call (not a later claim of the same call, tracked anew). */
    void untrack(CallRow row) {
        inFlight.computeIfPresent(row.id(), (id, h) -> h.row().claimToken().equals(row.claimToken()) ? null : h);
    }

    /** Renews every tracked lease once (also what the timer does). */
    void renewAll() {
        for (Held held : inFlight.values()) {
            CallRow row = held.row();
            try {
                long before = System.nanoTime();
                if (repository.renewLease(row, clock.instant().plus(lease))) {
                    // only if still tracked under this claim: a call done and untracked meanwhile stays
                    // untracked, and the same call claimed again since is another claim's entry
                    inFlight.computeIfPresent(row.id(), (id, h) -> h != held ? h
                            : new Held(h.row(), before - h.renewedAtNanos() > 0 ? before : h.renewedAtNanos()));
                } else if (inFlight.remove(row.id(), held)) {
                    // Not renewed and still being sent: another sender took the call (this process
                    // stalled longer than a lease). A row already done and untracked is no news, and
                    // only this entry goes: the call claimed again by this process since is another.
                    log.warn("message {} call {}: lease lost while sending (another sender took it over)", row.messageId(),
                            row.seq());
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
