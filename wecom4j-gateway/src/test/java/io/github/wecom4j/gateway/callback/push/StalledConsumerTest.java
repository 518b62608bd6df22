package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.github.wecom4j.gateway.callback.push.PushFixture.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumers that answer their headers and then stall the body: each push is bounded as a whole
 * (the JDK's request timeout covers only the headers), the stalled connection is closed and the
 * row retried with a reason, and the other subscriptions are delivered meanwhile. More stalled
 * consumers than claim loops, so a serial worker could not deliver the healthy one at all.
 */
class StalledConsumerTest extends PushGatewayTest {

    @Autowired
    PushProperties props;

    private final Duration connectTimeout = Duration.ofSeconds(5);
    private final Duration requestTimeout = Duration.ofSeconds(10);

    @AfterEach
    void restoreTimeouts() {
        props.setConnectTimeout(connectTimeout);
        props.setRequestTimeout(requestTimeout);
    }

    @Test
    void aConsumerStallingItsBodyIsCutOffAndRetriedWhileTheOthersAreDelivered() throws Exception {
        // The whole exchange may take connect + request timeout: 4 s here, read on every push.
        props.setConnectTimeout(Duration.ofSeconds(1));
        props.setRequestTimeout(Duration.ofSeconds(3));
        List<StalledConsumer> stalled = new ArrayList<>();
        try (TestConsumer healthy = new TestConsumer(PushFixture.SECRET)) {
            List<String> stalledIds = new ArrayList<>();
            for (int i = 0; i <= props.getWorkers(); i++) {
                StalledConsumer s = new StalledConsumer();
                stalled.add(s);
                stalledIds.add(fixture.subscribe("stalled-" + i + "-" + UUID.randomUUID().toString().substring(0, 6), s.url(),
                        "[\"text\"]"));
            }
            String healthyId = fixture.subscribe("healthy-" + UUID.randomUUID().toString().substring(0, 6), healthy.url(),
                    "[\"text\"]");
            List<Integer> closedWhenHealthyGotIt = new java.util.concurrent.CopyOnWriteArrayList<>(); // filled on the consumer's thread
            healthy.onPush(p -> stalled.forEach(s -> closedWhenHealthyGotIt.add(s.closedByGateway())));

            assertThat(emulator.callbacks().pushText(DemoCorp.APPROVALS_AGENT_ID, "lisi", "stall", 1).delivered()).isTrue();

            awaitTrue(() -> healthy.received().size() == 1, "the healthy subscription delivered");
            assertThat(closedWhenHealthyGotIt).as("delivered before any stalled push was given up").containsOnly(0);
            // the consumer has it; the gateway records it once the answer is back
            awaitTrue(() -> fixture.health(healthyId).path("delivered").asLong() == 1, "the delivery recorded");

            for (int i = 0; i < stalled.size(); i++) {
                StalledConsumer s = stalled.get(i);
                String id = stalledIds.get(i);
                awaitTrue(() -> fixture.health(id).path("last_error").asString("").contains("no complete answer"),
                        "the stalled push given up with a reason");
                awaitTrue(() -> s.closedByGateway() >= 1, "the stalled connection closed by the gateway");
                assertThat(fixture.health(id).path("queued").asLong()).as("waits for its retry").isEqualTo(1);
                assertThat(fixture.health(id).path("delivered").asLong()).isZero();
            }
            // the retry comes (it stalls again)
            emulator.clock().advance(props.getMaxBackoff().plusSeconds(1));
            for (StalledConsumer s : stalled) {
                awaitTrue(() -> s.answered() >= 2, "the stalled push retried");
            }
        } finally {
            for (StalledConsumer s : stalled) {
                s.close();
            }
        }
    }
}
