package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.github.wecom4j.gateway.callback.push.PushFixture.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the health and the attempt count say: a subscription whose failing push was delivered on
 * retry is healthy again (no stale last_error); an attempt is a POST, not a claim; a lease no
 * longer than one push is refused at start-up with a message saying why.
 */
class PushHealthTest extends PushGatewayTest {

    @Autowired
    PushProperties props;
    @Autowired
    DeliveryQueue queue;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aPushDeliveredOnRetryLeavesNoLastErrorBehind() throws Exception {
        try (TestConsumer consumer = new TestConsumer(PushFixture.SECRET)) {
            consumer.status(503);
            String id = fixture.subscribe("recovers-" + UUID.randomUUID().toString().substring(0, 6), consumer.url(),
                    "[\"enter_agent\"]");
            assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "wangwu", "enter_agent", PushFixture.uniqueKey()).delivered())
                    .isTrue();
            awaitTrue(() -> fixture.health(id).path("last_error").asString("").contains("HTTP 503"), "the failure seen");
            consumer.status(200);
            emulator.clock().advance(props.getMaxBackoff().plusSeconds(1));
            awaitTrue(() -> fixture.health(id).path("delivered").asLong() == 1, "delivered on retry");
            assertThat(fixture.health(id).path("last_error").isMissingNode() || fixture.health(id).path("last_error").isNull())
                    .as(fixture.health(id).toString()).isTrue();
        }
    }

    @Test
    void anAttemptIsCountedWhenThePostIsMadeNotWhenTheRowIsClaimed() {
        String sub = subscriptions.create("attempts-" + UUID.randomUUID().toString().substring(0, 6), "http://127.0.0.1:9/a",
                List.of("*"), PushFixture.SECRET, null).subscription().id();
        fixture.created(sub);
        String corp = subscriptions.corpId();
        // Due only far in the push clock's future, so the running workers leave it to this test.
        Instant now = Instant.ofEpochMilli(4_000_000_000_000L);
        jdbc.update("insert into callback_delivery (corp_id, subscription_id, event_id, state, next_attempt_at, created_at)"
                + " values (?, ?, 2000000, 'queued', ?, 0)", corp, sub, now.toEpochMilli());
        Delivery claimed = claimOf(sub, now);
        assertThat(attempts(sub)).as("claimed, not sent").isZero();
        queue.release(claimed);
        assertThat(attempts(sub)).as("given back unsent").isZero();

        Delivery again = claimOf(sub, now);
        assertThat(queue.beginAttempt(again, Instant.now().plusSeconds(60), now)).isTrue();
        assertThat(attempts(sub)).as("the POST is about to be made").isEqualTo(1);
    }

    @Test
    void aLeaseNoLongerThanOnePushIsRefusedWithTheReason() {
        PushProperties p = new PushProperties();
        p.setLease(Duration.ofSeconds(15));
        assertThat(catchThrowable(p::validate)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.callbacks.push.lease").hasMessageContaining("sent twice");
        p.setLease(Duration.ofSeconds(16));
        p.validate();
    }

    /** Claims the subscription's head; any other head claimed on the way is given straight back. */
    private Delivery claimOf(String sub, Instant now) {
        Instant sys = Instant.now();
        Delivery mine = null;
        for (Delivery d : queue.claim(subscriptions.corpId(), 100, now, sys, sys.plusSeconds(60))) {
            if (d.subscriptionId().equals(sub)) {
                mine = d;
            } else {
                queue.release(d);
            }
        }
        assertThat(mine).as("the head claimed").isNotNull();
        return mine;
    }

    private int attempts(String sub) {
        return jdbc.queryForObject("select attempts from callback_delivery where subscription_id = ?", Integer.class, sub);
    }
}
