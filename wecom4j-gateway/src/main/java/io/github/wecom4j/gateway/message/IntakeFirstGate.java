package io.github.wecom4j.gateway.message;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Intake first: while callers are posting messages to this instance, only a few of its senders
 * claim and send at a time, as long as delivery keeps up. A caller waits for its 202; a queued
 * call does not mind a few seconds. On a small machine the gateway, PostgreSQL and the senders'
 * HTTP calls share the cores, and with every sender running, intake's p99 grew from 16 ms (intake
 * alone) to 85-95 ms, most of it waiting for a core behind sender work (docs/BENCHMARKS.md).
 * Fewer senders at a time also claim bigger batches, and each claim costs the same few statements
 * whatever its size, so delivery costs less per call meanwhile.
 *
 * <p>Delivery is not held back where more senders would deliver more: when every claim has come
 * back full for longer than {@code maxLag} (a backlog has lasted), every sender works again until one
 * catches up, unless the machine's CPU is at least {@code busyCpu} busy. Senders waiting on WeCom's
 * answers (tens of milliseconds each on the internet) use little CPU, so on a machine with CPU to
 * spare more of them deliver more without slowing callers; on a saturated machine more senders
 * only take CPU from the callers and deliver no more (measured: 16 senders delivered 1,177 calls/s
 * beside intake at a p99 of 64 ms, 4 senders 1,331/s at 33 ms; docs/BENCHMARKS.md). Then the
 * backlog waits for intake to pause: without intake (no enqueue for {@link #INTAKE_QUIET_NANOS})
 * every sender works, as before. Delivery never stops meanwhile: {@code sendersUnderIntake} keep
 * sending.
 *
 * <p>Per instance: it weighs this instance's intake against this instance's senders, which share
 * its CPU. Times are {@link System#nanoTime()} values passed in, so the rule is tested without a clock.
 */
final class IntakeFirstGate {

    /** Intake counts as ongoing this long after the last enqueue (a few linger periods). */
    static final long INTAKE_QUIET_NANOS = 200_000_000L;

    /** The machine's CPU is read at most this often (a reading is a /proc or cgroup file read). */
    static final long CPU_READING_NANOS = 250_000_000L;
    /** Weight of a new reading in the smoothed load (about a second of readings counts). */
    static final double CPU_SMOOTHING = 0.25;
    /** Readings further apart than this start the smoothing afresh. */
    static final long CPU_HISTORY_NANOS = 2_000_000_000L;

    private final int sendersUnderIntake;
    private final long maxLagNanos;
    private final double busyCpu;
    private final DoubleSupplier machineCpuLoad;
    private final AtomicLong cpuReadAt;
    /** The smoothed load; negative: unknown. */
    private volatile double cpuLoad = -1;
    private final AtomicInteger active = new AtomicInteger();
    private volatile long lastEnqueue;
    private volatile boolean enqueued;
    private volatile long lastCaughtUp;

    /**
     * @param sendersUnderIntake senders that may claim at once during intake; 0 or less: no limit
     * @param maxLagNanos        how long a backlog may last under the limit before every sender works
     * @param busyCpu            from this share of the machine's CPU (0 to 1) up, a lasting backlog
     *                           does not lift the limit; above 1: it always does
     * @param machineCpuLoad     the machine's recent CPU load, 0 to 1, negative when unknown (then
     *                           a lasting backlog lifts the limit)
     * @param now                the current nanoTime (counts as caught up: nothing is queued yet)
     */
    IntakeFirstGate(int sendersUnderIntake, long maxLagNanos, double busyCpu, DoubleSupplier machineCpuLoad, long now) {
        this.sendersUnderIntake = sendersUnderIntake;
        this.maxLagNanos = maxLagNanos;
        this.busyCpu = busyCpu;
        this.machineCpuLoad = machineCpuLoad;
        this.lastCaughtUp = now;
        this.cpuReadAt = new AtomicLong(now - CPU_READING_NANOS);
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

    /**
     * Whether the limit applies now: it is set, intake is ongoing, and either the outbox caught up
     * lately or the machine has no CPU to spare for more senders.
     */
    boolean limited(long now) {
        return sendersUnderIntake > 0 && enqueued && now - lastEnqueue < INTAKE_QUIET_NANOS
                && (now - lastCaughtUp <= maxLagNanos || machineBusy(now));
    }

    /**
     * The machine's load, read by one caller at a time when the last reading is older than
     * {@link #CPU_READING_NANOS}, and smoothed: a quarter-second reading of a busy machine dips now
     * and then (a group commit's disk flush, a pause), and one dip would let every sender in.
     */
    private boolean machineBusy(long now) {
        long readAt = cpuReadAt.get();
        if (now - readAt >= CPU_READING_NANOS && cpuReadAt.compareAndSet(readAt, now)) {
            double reading = machineCpuLoad.getAsDouble();
            double last = cpuLoad;
            boolean fresh = reading < 0 || last < 0 || now - readAt > CPU_HISTORY_NANOS;
            cpuLoad = fresh ? reading : last + CPU_SMOOTHING * (reading - last);
        }
        return cpuLoad >= busyCpu;
    }
}
