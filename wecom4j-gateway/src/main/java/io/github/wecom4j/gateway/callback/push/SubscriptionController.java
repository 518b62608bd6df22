package io.github.wecom4j.gateway.callback.push;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions of internal consumers (API key in {@code X-API-Key}; docs/callbacks.md):
 * <pre>
 * POST   /api/subscriptions                  {name, url, event_types, secret?} -> 201 with the secret (only here)
 * GET    /api/subscriptions                  each with its health (queued, delivered, dead letters, last error)
 * GET    /api/subscriptions/{id}
 * DELETE /api/subscriptions/{id}             API subscriptions only, with their pending pushes
 * GET    /api/subscriptions/{id}/dead-letters
 * POST   /api/subscriptions/{id}/redrive     [?delivery=id] dead letters back into the queue
 * </pre>
 */
@RestController
class SubscriptionController {

    /** The body of POST /api/subscriptions. */
    record NewSubscription(String name, String url, @JsonProperty("event_types") List<String> eventTypes, String secret) {
    }

    private final Subscriptions subscriptions;
    private final DeliveryQueue queue;
    private final CallbackPush push;
    private final Clock clock;

    SubscriptionController(Subscriptions subscriptions, DeliveryQueue queue, CallbackPush push,
                           @Qualifier("wecomClock") Clock clock) {
        this.subscriptions = subscriptions;
        this.queue = queue;
        this.push = push;
        this.clock = clock;
    }

    @PostMapping(path = "/api/subscriptions", consumes = "application/json")
    ResponseEntity<Map<String, Object>> create(@RequestBody NewSubscription body, HttpServletRequest request) {
        if (body == null) {
            throw PushRefused.invalid("the body is required", "{name, url, event_types, secret?}");
        }
        Subscriptions.Created c = subscriptions.create(body.name(), body.url(), body.eventTypes(), body.secret(),
                request.getHeader("Host"));
        Map<String, Object> out = view(c.subscription(), Map.of());
        out.put("secret", c.secret());
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    @GetMapping("/api/subscriptions")
    List<Map<String, Object>> all() {
        Map<String, Map<String, Object>> health = queue.health(subscriptions.corpId());
        return subscriptions.all().stream().map(s -> view(s, health.getOrDefault(s.id(), Map.of()))).toList();
    }

    @GetMapping("/api/subscriptions/{id}")
    Map<String, Object> one(@PathVariable String id) {
        Subscription s = existing(id);
        return view(s, queue.health(subscriptions.corpId()).getOrDefault(s.id(), Map.of()));
    }

    @DeleteMapping("/api/subscriptions/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!subscriptions.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/subscriptions/{id}/dead-letters")
    List<Map<String, Object>> deadLetters(@PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw PushRefused.invalid("limit must be between 1 and 1000", "page with a smaller limit");
        }
        return queue.deadLetters(subscriptions.corpId(), existing(id).id(), limit);
    }

    @PostMapping("/api/subscriptions/{id}/redrive")
    Map<String, Object> redrive(@PathVariable String id, @RequestParam(required = false) Long delivery) {
        int n = queue.redrive(subscriptions.corpId(), existing(id).id(), delivery, clock.instant());
        push.wakeUp();
        return Map.of("requeued", n);
    }

    private Subscription existing(String id) {
        return subscriptions.find(id).orElseThrow(() -> notFound(id));
    }

    private static PushRefused notFound(String id) {
        return PushRefused.notFound("no subscription " + id, "use an id from GET /api/subscriptions");
    }

    /** A subscription as callers and the console see it: never its secret. */
    static Map<String, Object> view(Subscription s, Map<String, Object> health) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("name", s.name());
        out.put("url", s.url());
        out.put("event_types", s.eventTypes());
        out.put("source", s.source());
        out.put("created_at", Instant.ofEpochMilli(s.createdAt()).toString());
        Map<String, Object> h = new LinkedHashMap<>();
        for (String state : List.of(DeliveryQueue.QUEUED, DeliveryQueue.DELIVERING, DeliveryQueue.DELIVERED,
                DeliveryQueue.DEAD_LETTER)) {
            h.put(state, health.getOrDefault(state, 0L));
        }
        h.put("last_error", health.get("last_error"));
        h.put("last_error_status", health.get("last_error_status"));
        h.put("last_error_at", health.get("last_error_at"));
        out.put("health", h);
        return out;
    }

    static ResponseEntity<Map<String, Object>> refusal(PushRefused e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", e.errcode());
        body.put("errmsg", e.getMessage());
        body.put("hint", e.hint());
        return ResponseEntity.status(e.status()).body(body);
    }
}
