package io.github.wecom4j.emulator.message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * WeCom's limit on one app messaging one member: at most 30 per minute and 1000 per hour; the
 * excess is silently dropped (doc 90454 "frequency limits", app messages). Both windows slide on
 * the emulator's virtual clock; a dropped message does not use up quota.
 */
final class MemberFrequencyLimit {

    static final int PER_MINUTE = 30;
    static final int PER_HOUR = 1000;

    private final ConcurrentMap<String, Deque<Instant>> sent = new ConcurrentHashMap<>();

    /** Records a delivery to {@code (agentId, userId)} at {@code now} unless it would exceed a limit. */
    boolean tryDeliver(int agentId, String userId, Instant now) {
        Deque<Instant> q = sent.computeIfAbsent(agentId + "/" + userId.toLowerCase(), k -> new ArrayDeque<>());
        synchronized (q) {
            Instant hourAgo = now.minus(Duration.ofHours(1));
            while (!q.isEmpty() && !q.peekFirst().isAfter(hourAgo)) {
                q.pollFirst();
            }
            if (q.size() >= PER_HOUR) {
                return false;
            }
            Instant minuteAgo = now.minus(Duration.ofMinutes(1));
            int lastMinute = 0;
            for (var it = q.descendingIterator(); it.hasNext(); ) {
                if (!it.next().isAfter(minuteAgo)) {
                    break;
                }
                lastMinute++;
            }
            if (lastMinute >= PER_MINUTE) {
                return false;
            }
            q.addLast(now);
            return true;
        }
    }

    void clear() {
        sent.clear();
    }
}
