package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.gateway.cluster.ClusterTasks;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps the push queue from growing without end: every hour, on one instance of the cluster
 * (ClusterTasks), delivered rows older than {@code gateway.callbacks.push.retention} (7 days) are
 * deleted. Queued, delivering and dead-letter rows stay: they are work or evidence. Ages run on the
 * push clock, the one {@code delivered_at} is written with.
 */
@Component
class DeliveryRetention {

    private final DeliveryQueue queue;
    private final Subscriptions subscriptions;
    private final PushProperties props;
    private final Clock clock;

    DeliveryRetention(DeliveryQueue queue, Subscriptions subscriptions, PushProperties props, ClusterTasks tasks,
                      @Qualifier("wecomClock") Clock clock) {
        this.queue = queue;
        this.subscriptions = subscriptions;
        this.props = props;
        this.clock = clock;
        tasks.every("callback-push-retention", Duration.ofHours(1), Duration.ofHours(1), this::prune);
    }

    /** Deletes this corp's delivered rows older than the retention; how many. */
    int prune() {
        return queue.pruneDelivered(subscriptions.corpId(), clock.instant().minus(props.getRetention()));
    }
}
