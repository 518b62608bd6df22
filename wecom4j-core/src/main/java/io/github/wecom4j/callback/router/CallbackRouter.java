package io.github.wecom4j.callback.router;

import io.github.wecom4j.callback.CallbackException;
import io.github.wecom4j.callback.CallbackMessage;
import io.github.wecom4j.callback.CallbackReceiver;
import io.github.wecom4j.callback.event.CallbackEvent;
import io.github.wecom4j.callback.event.CallbackEvents;
import io.github.wecom4j.callback.event.CardInteraction;
import io.github.wecom4j.callback.event.WeComEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Sends each typed callback to the first matching route, in the order routes were added:
 *
 * <pre>{@code
 * CallbackRouter router = CallbackRouter.builder()
 *         .on(TemplateCardEvent.class).agent(1000002).eventKey("approve").handle(e -> PassiveReply.updateButton("Approved"))
 *         .on(InboundText.class, e -> PassiveReply.text("got: " + e.content()))
 *         .on(ChangeContactEvent.class, directory::apply)
 *         .build();
 * RouteOutcome out = router.receive(receiver, msgSignature, timestamp, nonce, body);
 * // answer out.httpStatus() with out.body()
 * }</pre>
 *
 * <p>Rules, from WeCom's delivery contract (doc 90238: 5 s timeout, 3 retries on anything but
 * HTTP 200, retries repeat the same message):
 * <ul>
 *   <li>A handler that returns answers 200: with its reply encrypted, or an empty body.</li>
 *   <li>A handler that throws answers <b>500</b>, so WeCom delivers the same callback again (at most
 *   3 more times). Handlers must therefore be idempotent on {@code dedupeKey()}; a handler that
 *   does not want a retry catches its own exceptions. The exception is logged, never sent.</li>
 *   <li>No route matched: 200 with an empty body (WeCom must not retry what nobody handles).</li>
 *   <li>A reply WeCom would ignore for that event (see {@link PassiveReply#allowedFor}) is dropped
 *   with a warning; the answer is still 200.</li>
 *   <li>A failed check (replay window, signature, receiveid, XML) answers 403: WeCom never sends such a request.</li>
 *   <li>Work longer than WeCom's 5 seconds belongs after the answer (queue it): a late answer is a
 *   failed delivery for WeCom, which then retries.</li>
 * </ul>
 */
public final class CallbackRouter {

    private static final Logger log = LoggerFactory.getLogger(CallbackRouter.class);

    private final List<Route<?>> routes;

    private CallbackRouter(List<Route<?>> routes) {
        this.routes = List.copyOf(routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Verifies, decrypts, routes and encrypts the reply: everything a callback endpoint does. */
    public RouteOutcome receive(CallbackReceiver receiver, String msgSignature, String timestamp, String nonce, String body) {
        CallbackMessage message;
        try {
            message = receiver.receive(msgSignature, timestamp, nonce, body);
        } catch (CallbackException refused) {
            return new RouteOutcome(null, 403, "", false, refused.getMessage());
        }
        CallbackEvent event = CallbackEvents.of(message);
        RouteOutcome outcome = route(event);
        if (outcome.httpStatus() != 200 || outcome.body().isEmpty()) {
            return outcome;
        }
        return new RouteOutcome(event, 200, receiver.encryptedReply(outcome.body(), timestamp, nonce), true, outcome.note());
    }

    /**
     * Routes an already parsed callback; the body of a 200 outcome is the reply's plaintext XML
     * (encrypt it with {@link CallbackReceiver#encryptedReply}), or "".
     */
    public RouteOutcome route(CallbackEvent event) {
        for (Route<?> route : routes) {
            if (route.matches(event)) {
                return run(route, event);
            }
        }
        return RouteOutcome.ok(event, false, "no route");
    }

    private <E extends CallbackEvent> RouteOutcome run(Route<E> route, CallbackEvent event) {
        PassiveReply reply;
        try {
            reply = route.handler.handle(route.type.cast(event));
        } catch (Exception failure) {
            log.warn("callback handler failed for {} ({}); answering 500 so WeCom retries", event.type(), event.dedupeKey(),
                    failure);
            return new RouteOutcome(event, 500, "", true, "handler failed: " + failure.getClass().getSimpleName());
        }
        if (reply == null) {
            return RouteOutcome.ok(event, true, null);
        }
        if (!reply.allowedFor(event)) {
            log.warn("dropping a {} reply to {}: WeCom ignores it there", reply.getClass().getSimpleName(), event.type());
            return RouteOutcome.ok(event, true, "reply dropped: WeCom ignores a passive reply to " + event.type());
        }
        String xml = reply.toXml(event.fromUser(), event.corpId(), event.createTime());
        return new RouteOutcome(event, 200, xml, true, null);
    }

    private record Route<E extends CallbackEvent>(Class<E> type, Predicate<? super E> condition, CallbackHandler<E> handler) {
        boolean matches(CallbackEvent event) {
            return type.isInstance(event) && condition.test(type.cast(event));
        }
    }

    /** Collects routes; {@link #build()} freezes them. */
    public static final class Builder {
        private final List<Route<?>> routes = new ArrayList<>();

        private Builder() {
        }

        /** Every callback of that type (or subtype: {@code MenuEvent.class} takes every menu event). */
        public <E extends CallbackEvent> Builder on(Class<E> type, CallbackHandler<E> handler) {
            return on(type).handle(handler);
        }

        /** Starts a route with conditions; finish it with {@link RouteBuilder#handle}. */
        public <E extends CallbackEvent> RouteBuilder<E> on(Class<E> type) {
            return new RouteBuilder<>(this, Objects.requireNonNull(type, "type"));
        }

        public CallbackRouter build() {
            return new CallbackRouter(routes);
        }
    }

    /** The conditions of one route; all must hold. */
    public static final class RouteBuilder<E extends CallbackEvent> {
        private final Builder owner;
        private final Class<E> type;
        private Predicate<? super E> condition = e -> true;

        private RouteBuilder(Builder owner, Class<E> type) {
            this.owner = owner;
            this.type = type;
        }

        /** Only callbacks for this app (AgentID). */
        public RouteBuilder<E> agent(int agentId) {
            return when(e -> e.agentId() != null && e.agentId() == agentId);
        }

        /** Only events with this EventKey (a menu button's or a card button's key). */
        public RouteBuilder<E> eventKey(String key) {
            Objects.requireNonNull(key, "key");
            return when(e -> e instanceof WeComEvent w && key.equals(w.eventKey()));
        }

        /** Only card interactions of the card sent with this task_id. */
        public RouteBuilder<E> taskId(String taskId) {
            Objects.requireNonNull(taskId, "taskId");
            return when(e -> e instanceof CardInteraction c && taskId.equals(c.taskId()));
        }

        /** Any other condition on the typed callback. */
        public RouteBuilder<E> when(Predicate<? super E> more) {
            Objects.requireNonNull(more, "condition");
            Predicate<? super E> before = condition;
            condition = e -> before.test(e) && more.test(e);
            return this;
        }

        public Builder handle(CallbackHandler<E> handler) {
            owner.routes.add(new Route<>(type, condition, Objects.requireNonNull(handler, "handler")));
            return owner;
        }
    }
}
