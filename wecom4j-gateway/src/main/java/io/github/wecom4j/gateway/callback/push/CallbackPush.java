package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.callback.CallbackMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
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
     * also go to {@code subscriptionId}. Call inside the transaction that stores the card's
     * message, so a message refused or rolled back leaves no route.
     *
     * <p>WeCom's task_id is unique per app (doc 90236: "同一个应用任务id不能重复"), so a task has one
     * route and it is never moved: a second card naming an existing task_id is refused (409,
     * 40058), otherwise any caller could steal the clicks of a card sent by another. Concurrent
     * twins race on the primary key; the loser gets the same refusal, never a 500.
     */
    public void routeCard(int agentId, String taskId, String subscriptionId) {
        try {
            jdbc.update("insert into callback_card_route (corp_id, agent_id, task_id, subscription_id, created_at)"
                    + " values (?, ?, ?, ?, ?)", subscriptions.corpId(), agentId, taskId, subscriptionId, clock.millis());
        } catch (DuplicateKeyException taken) {
            throw PushRefused.conflict("a card with task_id " + taskId + " was already sent by app " + agentId,
                    "task_id is unique per app (WeCom doc 90236); give each card a new task_id / 同一应用的任务id不能重复");
        }
    }
}
