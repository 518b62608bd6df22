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
 *   <li>a given errcode for the next N calls (optionally only for one path).</li>
 * </ul>
 * Random choices come from a seeded generator so a failing test can be replayed.
 */
public final class FaultInjector {

    private volatile double errorRate;
    private volatile long latencyMillis;
    private volatile int scriptedErrcode;
    private volatile String scriptedPath;
    private final AtomicInteger scriptedRemaining = new AtomicInteger();
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

    public synchronized void clear() {
        errorRate = 0;
        latencyMillis = 0;
        scriptedRemaining.set(0);
        scriptedPath = null;
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
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String only = scriptedPath;
        if ((only == null || only.equals(path)) && scriptedRemaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
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
