package io.github.wecom4j.emulator.jssdk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * WeCom's ticket limits are two nested hourly quotas (doc 90454 "频率限制": jsapi_ticket ≤100/hour
 * per app, ≤400/hour per corp). A call is counted against both or neither, so a call refused by
 * the corp quota does not eat into the app's.
 */
final class HourlyQuota {

    private static final Duration WINDOW = Duration.ofHours(1);

    private final ConcurrentMap<String, Deque<Instant>> events = new ConcurrentHashMap<>();

    /** Records one call under every {@code (key, limit)} if all are below their limit; else none. */
    synchronized boolean tryAcquire(Instant now, List<Limit> limits) {
        for (Limit l : limits) {
            Deque<Instant> q = window(l.key(), now);
            if (q.size() >= l.limit()) {
                return false;
            }
        }
        for (Limit l : limits) {
            events.get(l.key()).addLast(now);
        }
        return true;
    }

    synchronized void clear() {
        events.clear();
    }

    private Deque<Instant> window(String key, Instant now) {
        Deque<Instant> q = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant horizon = now.minus(WINDOW);
        while (!q.isEmpty() && !q.peekFirst().isAfter(horizon)) {
            q.pollFirst();
        }
        return q;
    }

    record Limit(String key, int limit) {
    }
}
