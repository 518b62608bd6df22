package io.github.wecom4j.gateway.message;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Intake first: while callers are posting messages to this instance, only a few of its senders
 * claim and send at a time, as long as delivery keeps up. A caller waits for its 202; a queued
 * call does not mind a few seconds. On a small machine the gateway, PostgreSQL and the senders'
 * HTTP calls share the cores, and with every sender running, intake's p99 grew from 16 ms (intake
 * alone) to 85-95 ms, most of it waiting for a core behind sender work (docs/BENCHMARKS.md).
 * Fewer senders at a time also claim bigger batches, and each claim costs the same few statements
 * whatever its size, so delivery costs less per call meanwhile.
 *
 * <p>Delivery is never held back for long: the limit applies only while the outbox keeps catching
 * up, i.e. while some claim came back with fewer calls than a full batch (it took every due call
 * there was) within {@code maxLag}. When every claim has come back full for longer than that, a
 * backlog has lasted {@code maxLag} and every sender works again until one catches up. Without
 * intake (no enqueue for {@link #INTAKE_QUIET_NANOS}) every sender works, as before.
 *
 * <p>Per instance: it weighs this instance's intake against this instance's senders, which share
 * its CPU. Times are {@link System#nanoTime()} values passed in, so the rule is tested without a clock.
 */
final class IntakeFirstGate {

    /** Intake counts as ongoing this long after the last enqueue (a few linger periods). */
    static final long INTAKE_QUIET_NANOS = 200_000_000L;

    private final int sendersUnderIntake;
    private final long maxLagNanos;
    private final AtomicInteger active = new AtomicInteger();
    private volatile long lastEnqueue;
    private volatile boolean enqueued;
    private volatile long lastCaughtUp;

    /**
     * @param sendersUnderIntake senders that may claim at once during intake; 0 or less: no limit
     * @param maxLagNanos        how long a backlog may last under the limit before every sender works
     * @param now                the current nanoTime (counts as caught up: nothing is queued yet)
     */
    IntakeFirstGate(int sendersUnderIntake, long maxLagNanos, long now) {
        this.sendersUnderIntake = sendersUnderIntake;
        this.maxLagNanos = maxLagNanos;
        this.lastCaughtUp = now;
    }

    /** A message was accepted on this instance. */
    void enqueued(long now) {
        lastEnqueue = now;
        enqueued = true;
    }

    /**
     * Whether a sender may claim now; when true it must call {@link #left} after its claim and
     * sends. Atomic: however many senders ask at once, no more than the limit are let in.
     */
    boolean tryEnter(long now) {
        while (true) {
            int a = active.get();
            if (limited(now) && a >= sendersUnderIntake) {
                return false;
            }
            if (active.compareAndSet(a, a + 1)) {
                return true;
            }
        }
    }

    /** A sender let in by {@link #tryEnter} is done: it claimed {@code claimed} of at most {@code batch} calls. */
    void left(int claimed, int batch, long now) {
        active.decrementAndGet();
        if (claimed < batch) {
            lastCaughtUp = now;
        }
    }

    /** Senders between {@link #tryEnter} and {@link #left} (metrics). */
    int active() {
        return active.get();
    }

    /** Whether the limit applies now: it is set, intake is ongoing and the outbox caught up lately. */
    boolean limited(long now) {
        return sendersUnderIntake > 0 && enqueued && now - lastEnqueue < INTAKE_QUIET_NANOS
                && now - lastCaughtUp <= maxLagNanos;
    }
}
