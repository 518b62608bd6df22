package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.callback.CallbackMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Optional;

/**
 * What the rest of the gateway needs of the push: queue a stored callback for its subscriptions
 * (callback intake), and route an interactive card's clicks to a named subscription (messages).
 */
@Service
public class CallbackPush {

    private final DeliveryQueue queue;
    private final Subscriptions subscriptions;
    /** Lazily: the worker reads stored callbacks, whose store queues through this class. */
    private final ObjectProvider<PushWorker> worker;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    CallbackPush(DeliveryQueue queue, Subscriptions subscriptions, ObjectProvider<PushWorker> worker, JdbcTemplate jdbc,
                 @Qualifier("wecomClock") Clock clock) {
        this.queue = queue;
        this.subscriptions = subscriptions;
        this.worker = worker;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Queues callback {@code eventId} for every subscription that takes it. Call inside the
     * transaction that stores the callback; {@link #wakeUp()} after it commits.
     */
    public int queue(long eventId, int agentId, CallbackMessage m) {
        String event = m instanceof CallbackMessage.Event e ? e.event() : null;
        String taskId = m.fields().get("TaskId");
        return queue.fanOut(subscriptions.corpId(), eventId, agentId, EventTypes.of(m.msgType(), event), taskId,
                clock.instant());
    }

    /** Lets the workers look at the queue now instead of at their next poll. */
    public void wakeUp() {
        worker.ifAvailable(PushWorker::wakeUp);
    }

    /**
     * The id of the subscription named {@code nameOrId} (its name, or its id), for a card that
     * names one; {@link PushRefused} (400) when there is none.
     */
    public String subscriptionFor(String nameOrId) {
        Optional<Subscription> s = subscriptions.byName(nameOrId).or(() -> subscriptions.find(nameOrId));
        return s.map(Subscription::id).orElseThrow(() -> PushRefused.invalid("no subscription " + nameOrId,
                "name a subscription created with POST /api/subscriptions or configured in gateway.callbacks.push"));
    }

    /**
     * From now on clicks on the card {@code taskId} of app {@code agentId} (template_card_event)
     * also go to {@code subscriptionId}. WeCom's task_id is unique per app (doc 90236), so a task
     * has one route; naming it again moves the route.
     */
    public void routeCard(int agentId, String taskId, String subscriptionId) {
        String corp = subscriptions.corpId();
        String move = "update callback_card_route set subscription_id = ?, created_at = ? where corp_id = ?"
                + " and agent_id = ? and task_id = ?";
        if (jdbc.update(move, subscriptionId, clock.millis(), corp, agentId, taskId) == 0) {
            try {
                jdbc.update("insert into callback_card_route (corp_id, agent_id, task_id, subscription_id, created_at)"
                        + " values (?, ?, ?, ?, ?)", corp, agentId, taskId, subscriptionId, clock.millis());
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                // the same task named at the same moment by another request or instance: the later one wins
                jdbc.update(move, subscriptionId, clock.millis(), corp, agentId, taskId);
            }
        }
    }
}
