package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.github.wecom4j.gateway.callback.push.PushFixture.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's housekeeping: delivered rows older than the retention are pruned (the hourly cluster
 * task's work, run here at once), unfinished rows stay; the subscription cap holds under
 * concurrent creates.
 */
class PushRetentionTest extends PushGatewayTest {

    @Autowired
    DeliveryRetention retention;
    @Autowired
    PushProperties props;
    @Autowired
    Subscriptions subscriptions;

    @Test
    void deliveredRowsOlderThanTheRetentionArePrunedAndUnfinishedOnesStay() throws Exception {
        try (TestConsumer ok = new TestConsumer(PushFixture.SECRET); TestConsumer failing = new TestConsumer(PushFixture.SECRET)) {
            failing.status(500);
            String delivered = fixture.subscribe("kept-" + UUID.randomUUID().toString().substring(0, 6), ok.url(),
                    "[\"enter_agent\"]");
            String unfinished = fixture.subscribe("failing-" + UUID.randomUUID().toString().substring(0, 6), failing.url(),
                    "[\"enter_agent\"]");
            assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "wangwu", "enter_agent", PushFixture.uniqueKey()).delivered())
                    .isTrue();
            awaitTrue(() -> fixture.health(delivered).path("delivered").asLong() == 1, "delivered");
            awaitTrue(() -> failing.requests() >= 1 && fixture.health(unfinished).path("queued").asLong() == 1, "retrying");

            retention.prune();
            assertThat(fixture.health(delivered).path("delivered").asLong()).as("younger than the retention").isEqualTo(1);

            emulator.clock().advance(props.getRetention().plusHours(1));
            assertThat(retention.prune()).isGreaterThanOrEqualTo(1);
            assertThat(fixture.health(delivered).path("delivered").asLong()).isZero();
            assertThat(fixture.health(unfinished).path("queued").asLong() + fixture.health(unfinished).path("delivering").asLong()
                    + fixture.health(unfinished).path("dead_letter").asLong()).as("unfinished rows are kept").isEqualTo(1);
        }
    }

    @Test
    void theSubscriptionCapHoldsUnderConcurrentCreates() throws Exception {
        int before = subscriptions.all().size();
        int cap = props.getMaxSubscriptions();
        props.setMaxSubscriptions(before + 3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            String run = UUID.randomUUID().toString().substring(0, 6);
            for (int i = 0; i < 8; i++) {
                String name = "cap-" + run + "-" + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return fixture.call("POST", "/api/subscriptions", PushFixture.body(name, "http://127.0.0.1:9/" + name,
                            "[\"text\"]", PushFixture.SECRET));
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<HttpResponse<String>> a : answers) {
                HttpResponse<String> r = a.get();
                if (r.statusCode() == 201) {
                    created++;
                    fixture.created(PushFixture.JSON.readTree(r.body()).path("id").asString());
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
                    assertThat(r.body()).contains("subscriptions").contains("max-subscriptions");
                }
            }
            assertThat(created).isEqualTo(3);
            assertThat(subscriptions.all()).hasSize(before + 3);
        } finally {
            pool.shutdownNow();
            props.setMaxSubscriptions(cap);
        }
    }
}
