package io.github.wecom4j.gateway.callback.push;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers racing on one queue (threads here; instances behave the same, the claim is the
 * database's): a subscription never has two rows delivering at once, its rows are claimed in
 * event order, each once; two subscriptions progress independently.
 */
abstract class DeliveryOrderContract extends PushGatewayTest {

    @Autowired
    DeliveryQueue queue;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    JdbcTemplate jdbc;

    /**
     * Subscriptions take turns: claims of one head at a time (a worker whose pushes are all busy
     * frees one slot per finished push) go round the subscriptions with due heads, instead of
     * always to the first in scan order, whose next row is due again as soon as its push ends.
     */
    @Test
    void claimsOneAtATimeGoRoundTheSubscriptions() {
        String corp = subscriptions.corpId();
        List<String> subs = new ArrayList<>();
        for (String name : List.of("turn-a-", "turn-b-", "turn-c-")) {
            String id = subscriptions.create(name + UUID.randomUUID().toString().substring(0, 6), "http://127.0.0.1:9/t",
                    List.of("*"), PushFixture.SECRET, null).subscription().id();
            fixture.created(id);
            subs.add(id);
            for (int i = 1; i <= 5; i++) {
                jdbc.update("insert into callback_delivery (corp_id, subscription_id, event_id, state, next_attempt_at, created_at)"
                        + " values (?, ?, ?, 'queued', 0, 0)", corp, id, 2_000_000L + i);
            }
        }
        List<String> served = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            Instant now = Instant.now();
            List<Delivery> one = queue.claim(corp, 1, now, now, now.plusSeconds(60));
            assertThat(one).hasSize(1);
            served.add(one.get(0).subscriptionId());
            assertThat(queue.markDelivered(one.get(0), 200, now)).isTrue();
        }
        assertThat(served).as("three claims, three subscriptions").containsExactlyInAnyOrderElementsOf(subs);
    }

    @Test
    void racingWorkersClaimEachSubscriptionsRowsOneAtATimeInEventOrder() throws Exception {
        String corp = subscriptions.corpId();
        List<String> subs = List.of(
                subscriptions.create("race-a-" + UUID.randomUUID().toString().substring(0, 6), "http://127.0.0.1:9/a",
                        List.of("*"), PushFixture.SECRET, null).subscription().id(),
                subscriptions.create("race-b-" + UUID.randomUUID().toString().substring(0, 6), "http://127.0.0.1:9/b",
                        List.of("*"), PushFixture.SECRET, null).subscription().id());
        subs.forEach(fixture::created);
        int events = 150;
        for (String sub : subs) {
            for (int i = 1; i <= events; i++) {
                // event ids deliberately not in insertion order within the first few
                long eventId = 1_000_000L + (i <= 3 ? 4 - i : i);
                jdbc.update("insert into callback_delivery (corp_id, subscription_id, event_id, state, next_attempt_at, created_at)"
                        + " values (?, ?, ?, 'queued', 0, 0)", corp, sub, eventId);
            }
        }
        List<String> claims = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(pool.submit(() -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (claims.size() < events * 2 && System.nanoTime() < deadline) {
                        Instant now = Instant.now();
                        for (Delivery d : queue.claim(corp, 4, now, now, now.plusSeconds(60))) {
                            Integer delivering = jdbc.queryForObject("select count(*) from callback_delivery where"
                                    + " subscription_id = ? and state = 'delivering'", Integer.class, d.subscriptionId());
                            if (delivering != 1) {
                                overlaps.incrementAndGet();
                            }
                            claims.add(d.subscriptionId() + "/" + d.eventId());
                            assertThat(queue.markDelivered(d, 200, now)).isTrue();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(overlaps.get()).as("two rows of one subscription delivering at once").isZero();
        for (String sub : subs) {
            List<Long> order = claims.stream().filter(c -> c.startsWith(sub + "/"))
                    .map(c -> Long.parseLong(c.substring(sub.length() + 1))).toList();
            assertThat(order).hasSize(events).doesNotHaveDuplicates().isSorted();
        }
    }
}
