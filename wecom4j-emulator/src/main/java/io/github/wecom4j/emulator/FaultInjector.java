package io.github.wecom4j.emulator;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults applied to {@code /cgi-bin/*} calls before they are served, like Retrofit's
 * NetworkBehavior but over real HTTP:
 * <ul>
 *   <li>an error rate: that fraction of calls answers {@code -1} "system busy";</li>
 *   <li>a latency added to every call;</li>
 *   <li>a given errcode for the next N calls (optionally only for one path);</li>
 *   <li>a delay for the next N calls (optionally only for one path), served after the delay: a
 *   client whose timeout is shorter sees a timeout for a request WeCom did process, the case that
 *   makes a resend risky;</li>
 *   <li>a lost answer for the next N calls (optionally only for one path): the call is served in
 *   full, then answered with HTTP 502 as a proxy would after losing WeCom's answer; the client
 *   cannot know whether it was processed (deterministic, unlike a timeout).</li>
 *   <li>a late answer for the next N calls (optionally only for one path): the call is served at
 *   once, then its answer is held back; what arrives is the state as it was when served, possibly
 *   older than the answer to a later call (the stale read two concurrent readers can see).</li>
 * </ul>
 * Random choices come from a seeded generator so a failing test can be replayed.
 */
public final class FaultInjector {

    private volatile double errorRate;
    private volatile long latencyMillis;
    private volatile int scriptedErrcode;
    private volatile String scriptedPath;
    private final AtomicInteger scriptedRemaining = new AtomicInteger();
    private volatile long delayMillis;
    private volatile String delayPath;
    private final AtomicInteger delayRemaining = new AtomicInteger();
    private volatile long lateAnswerMillis;
    private volatile String lateAnswerPath;
    private final AtomicInteger lateAnswerRemaining = new AtomicInteger();
    private volatile String lostAnswerPath;
    private final AtomicInteger lostAnswerRemaining = new AtomicInteger();
    private volatile java.util.concurrent.CountDownLatch heldAnswer;
    private volatile String heldAnswerPath;
    private final AtomicInteger heldAnswerRemaining = new AtomicInteger();
    private volatile String bareAnswerPath;
    private final AtomicInteger bareAnswerRemaining = new AtomicInteger();
    private final AtomicLong injected = new AtomicLong();
    private Random random = new Random(42);

    /** An injected error, or null to serve the call normally. */
    public record Fault(int errcode, String errmsg) {
    }

    public synchronized void errorRate(double rate, long seed) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("errorRate must be in [0,1]: " + rate);
        }
        this.errorRate = rate;
        this.random = new Random(seed);
    }

    public void latencyMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("latency must be >= 0");
        }
        this.latencyMillis = millis;
    }

    /** The next {@code count} calls (to {@code path}, or to any path when null) answer {@code errcode}. */
    public void failNext(int count, int errcode, String path) {
        this.scriptedErrcode = errcode;
        this.scriptedPath = path;
        this.scriptedRemaining.set(count);
    }

    /** The next {@code count} calls (to {@code path}, or to any path when null) are served {@code millis} late. */
    public void delayNext(int count, long millis, String path) {
        if (count < 0 || millis < 0) {
            throw new IllegalArgumentException("count and delay must be >= 0");
        }
        this.delayMillis = millis;
        this.delayPath = path;
        this.delayRemaining.set(count);
    }

    /** The next {@code count} calls (to {@code path}, or to any path when null) are served, then answered 502. */
    public void loseAnswerNext(int count, String path) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        this.lostAnswerPath = path;
        this.lostAnswerRemaining.set(count);
    }

    /**
     * The next {@code count} calls (to {@code path}, or to any path when null) are served in full,
     * then answered {@code {"errcode":0,"errmsg":"ok"}} without the answer's fields: what a broken
     * proxy or a truncated answer leaves a client, which must not take it for a result.
     */
    public void bareAnswerNext(int count, String path) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        this.bareAnswerPath = path;
        this.bareAnswerRemaining.set(count);
    }

    /** Whether the answer to this served call is to be stripped to errcode 0 (consumes one). */
    boolean bareAnswer(String path) {
        String only = bareAnswerPath;
        return takeOne(only, path, bareAnswerRemaining);
    }

    /** The next {@code count} calls (to {@code path}, or to any path when null) are served at once and answered {@code millis} later. */
    public void delayAnswerNext(int count, long millis, String path) {
        if (count < 0 || millis < 0) {
            throw new IllegalArgumentException("count and delay must be >= 0");
        }
        this.lateAnswerMillis = millis;
        this.lateAnswerPath = path;
        this.lateAnswerRemaining.set(count);
    }

    /**
     * The next {@code count} calls (to {@code path}, or to any path when null) are served at once,
     * and their answers held until the returned handle is released (at most 2 minutes): a test
     * decides when the caller hears back, instead of racing a fixed delay.
     */
    public Runnable holdAnswerNext(int count, String path) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch previous = this.heldAnswer;
        if (previous != null) {
            previous.countDown(); // answers held before are not left waiting for a handle nobody has
        }
        this.heldAnswer = latch;
        this.heldAnswerPath = path;
        this.heldAnswerRemaining.set(count);
        return latch::countDown;
    }

    /** After a call was served: holds its answer back when a late or held answer is scripted for it. */
    void afterServed(String path) {
        String held = heldAnswerPath;
        java.util.concurrent.CountDownLatch latch = heldAnswer;
        if (latch != null && takeOne(held, path, heldAnswerRemaining)) {
            injected.incrementAndGet();
            try {
                latch.await(2, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String only = lateAnswerPath;
        if (takeOne(only, path, lateAnswerRemaining)) {
            injected.incrementAndGet();
            try {
                Thread.sleep(lateAnswerMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the answer to this served call is to be lost (consumes one scripted loss). */
    boolean loseAnswer(String path) {
        String only = lostAnswerPath;
        return takeOne(only, path, lostAnswerRemaining);
    }

    /**
     * Whether a scripted fault applies to this call to {@code path} (every path when {@code only} is
     * null), using up one of its {@code remaining} calls.
     */
    private static boolean takeOne(String only, String path, AtomicInteger remaining) {
        return (only == null || only.equals(path)) && remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    public synchronized void clear() {
        errorRate = 0;
        latencyMillis = 0;
        scriptedRemaining.set(0);
        scriptedPath = null;
        delayRemaining.set(0);
        delayPath = null;
        lostAnswerRemaining.set(0);
        bareAnswerRemaining.set(0);
        bareAnswerPath = null;
        heldAnswerRemaining.set(0);
        heldAnswerPath = null;
        java.util.concurrent.CountDownLatch latch = heldAnswer;
        if (latch != null) {
            latch.countDown(); // nothing stays held past a clear
        }
        lateAnswerRemaining.set(0);
        lateAnswerPath = null;
        lostAnswerPath = null;
        random = new Random(42);
    }

    public long injected() {
        return injected.get();
    }

    public double errorRate() {
        return errorRate;
    }

    public long latencyMillis() {
        return latencyMillis;
    }

    Fault before(String path) {
        long latency = latencyMillis;
        String delayed = delayPath;
        if (takeOne(delayed, path, delayRemaining)) {
            latency += delayMillis;
        }
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String only = scriptedPath;
        if (takeOne(only, path, scriptedRemaining)) {
            injected.incrementAndGet();
            return new Fault(scriptedErrcode, "injected fault");
        }
        if (errorRate > 0 && draw() < errorRate) {
            injected.incrementAndGet();
            return new Fault(-1, "system busy");
        }
        return null;
    }

    private synchronized double draw() {
        return random.nextDouble();
    }
}
