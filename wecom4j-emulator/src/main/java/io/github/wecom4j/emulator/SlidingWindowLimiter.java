package io.github.wecom4j.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts events per key over a sliding window of the virtual clock, as WeCom's frequency limits do
 * ("per member per minute", "per IP per hour").
 */
final class SlidingWindowLimiter {

    private final int limit;
    private final Duration window;
    private final ConcurrentMap<String, Deque<Instant>> events = new ConcurrentHashMap<>();

    SlidingWindowLimiter(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /** Records an event at {@code now} if under the limit; false when the limit is reached. */
    boolean tryAcquire(String key, Instant now) {
        Deque<Instant> q = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            Instant horizon = now.minus(window);
            while (!q.isEmpty() && !q.peekFirst().isAfter(horizon)) {
                q.pollFirst();
            }
            if (q.size() >= limit) {
                return false;
            }
            q.addLast(now);
            return true;
        }
    }

    void clear() {
        events.clear();
    }
}
