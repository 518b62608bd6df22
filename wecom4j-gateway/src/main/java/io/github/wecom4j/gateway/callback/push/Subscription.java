package io.github.wecom4j.gateway.callback.push;

import java.util.List;

/**
 * Where a consumer wants callbacks. The secret is never part of this view: it leaves the gateway
 * only once, in the answer that created it, and in every push as the key of its signature.
 *
 * @param eventTypes callback types taken: the {@code Event} of events (e.g. {@code template_card_event},
 *                   {@code click}), the {@code MsgType} of messages (e.g. {@code text}); {@code *} = all
 * @param source     {@code config} (application.yml, changed only there) or {@code api}
 */
public record Subscription(String id, String name, String url, List<String> eventTypes, String source, long createdAt) {

    public Subscription {
        eventTypes = List.copyOf(eventTypes);
    }
}
