package io.github.wecom4j.emulator.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each member has received, per userid (compared case-insensitively, as WeCom does), plus how
 * many messages the per-member frequency limit silently dropped for them.
 */
public final class Inboxes {

    private final ConcurrentMap<String, List<DeliveredMessage>> byUser = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> dropped = new ConcurrentHashMap<>();

    void deliver(DeliveredMessage m) {
        List<DeliveredMessage> box = byUser.computeIfAbsent(key(m.userId()), k -> new ArrayList<>());
        synchronized (box) {
            box.add(m);
        }
    }

    void dropped(String userId) {
        dropped.computeIfAbsent(key(userId), k -> new AtomicLong()).incrementAndGet();
    }

    /** Marks every copy of {@code msgid} recalled; returns how many copies there were. */
    int recall(String msgid, List<String> userIds) {
        int n = 0;
        for (String u : userIds) {
            List<DeliveredMessage> box = byUser.get(key(u));
            if (box == null) {
                continue;
            }
            synchronized (box) {
                for (int i = 0; i < box.size(); i++) {
                    if (box.get(i).msgid().equals(msgid) && !box.get(i).recalled()) {
                        box.set(i, box.get(i).recall());
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Replaces this member's copy of {@code msgid}; false when they have none. */
    boolean update(String msgid, String userId, java.util.function.UnaryOperator<DeliveredMessage> change) {
        List<DeliveredMessage> box = byUser.get(key(userId));
        if (box == null) {
            return false;
        }
        synchronized (box) {
            for (int i = 0; i < box.size(); i++) {
                if (box.get(i).msgid().equals(msgid)) {
                    box.set(i, change.apply(box.get(i)));
                    return true;
                }
            }
        }
        return false;
    }

    /** A member's messages, oldest first (recalled ones included, flagged). */
    public List<DeliveredMessage> of(String userId) {
        List<DeliveredMessage> box = byUser.get(key(userId));
        if (box == null) {
            return List.of();
        }
        synchronized (box) {
            return List.copyOf(box);
        }
    }

    /** Messages dropped for this member by the per-member frequency limit. */
    public long droppedFor(String userId) {
        AtomicLong n = dropped.get(key(userId));
        return n == null ? 0 : n.get();
    }

    public long totalDelivered() {
        return byUser.values().stream().mapToLong(b -> {
            synchronized (b) {
                return b.size();
            }
        }).sum();
    }

    public long totalDropped() {
        return dropped.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Delivered count per member, sorted by userid. */
    public Map<String, Integer> sizes() {
        Map<String, Integer> out = new TreeMap<>();
        byUser.forEach((u, b) -> {
            synchronized (b) {
                out.put(u, b.size());
            }
        });
        return out;
    }

    public void clear() {
        byUser.clear();
        dropped.clear();
    }

    private static String key(String userId) {
        return userId.toLowerCase(Locale.ROOT);
    }
}
