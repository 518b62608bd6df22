package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.gateway.callback.CallbackEventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data of the console's callbacks page (behind the console's admin check, {@code /api/console/**}):
 * callbacks received per type with the latest of each, and each subscription's health (queued,
 * delivered, dead letters, last error) with its dead letters, which an admin can re-drive.
 * Never a secret, never a callback's fields beyond its type and sender.
 */
@RestController
class PushConsoleController {

    private static final int RECENT = 200;

    private final CallbackEventStore events;
    private final Subscriptions subscriptions;
    private final DeliveryQueue queue;
    private final CallbackPush push;
    private final Clock clock;

    PushConsoleController(CallbackEventStore events, Subscriptions subscriptions, DeliveryQueue queue, CallbackPush push,
                          @Qualifier("wecomClock") Clock clock) {
        this.events = events;
        this.subscriptions = subscriptions;
        this.queue = queue;
        this.push = push;
        this.clock = clock;
    }

    @GetMapping("/api/console/callbacks")
    Map<String, Object> callbacks() {
        Map<String, Map<String, Object>> byType = new LinkedHashMap<>();
        events.countsByType().forEach((type, count) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("count", count);
            t.put("recent", new ArrayList<Map<String, Object>>());
            byType.put(type, t);
        });
        for (CallbackEventStore.StoredEvent e : events.recent(RECENT)) {
            Map<String, Object> t = byType.get(EventTypes.of(e.msgType(), e.event()));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> recent = t == null ? null : (List<Map<String, Object>>) t.get("recent");
            if (recent != null && recent.size() < 5) {
                recent.add(Map.of("id", e.id(), "agentid", e.agentId(), "from_user", e.fromUser(),
                        "received_at", e.receivedAt().toString()));
            }
        }
        Map<String, Map<String, Object>> health = queue.health(subscriptions.corpId());
        List<Map<String, Object>> subs = new ArrayList<>();
        for (Subscription s : subscriptions.all()) {
            Map<String, Object> v = SubscriptionController.view(s, health.getOrDefault(s.id(), Map.of()));
            v.put("dead_letters", queue.deadLetters(subscriptions.corpId(), s.id(), 20));
            subs.add(v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("by_type", byType);
        out.put("subscriptions", subs);
        return out;
    }

    @PostMapping("/api/console/subscriptions/{id}/redrive")
    Map<String, Object> redrive(@PathVariable String id) {
        Subscription s = subscriptions.find(id).orElseThrow(() -> PushRefused.notFound("no subscription " + id,
                "reload the console"));
        int n = queue.redrive(subscriptions.corpId(), s.id(), null, clock.instant());
        push.wakeUp();
        return Map.of("requeued", n);
    }
}
