package io.github.wecom4j.gateway.message;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages accepted one by one while the senders are busy are claimed together: a sender that took
 * calls lingers for {@code claim-linger} and claims again, and enqueues meanwhile wake no one. Before, every accepted message woke a sender whose claim then took that
 * one call, and under intake the senders' per-claim statements starved the intake (issue 11). The
 * linger is long here (and the idle poll slow) so the count does not depend on how fast this
 * machine posts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.messages.api-keys=linger-key",
        "gateway.messages.claim-linger=2s",
        // The idle poll claims too; slowed down so that what is counted is the linger's doing.
        "gateway.messages.poll-interval=10s"})
@ActiveProfiles("test")
class ClaimLingerTest {

    static final List<String> MEMBERS = List.of("zhangsan", "lisi", "wangwu", "zhaoliu", "sunqi");
    static final int MESSAGES = 48;
    static final int CALLERS = 2;

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry registry;

    @Test
    void singleMessagesArrivingTogetherAreClaimedTogether() throws Exception {
        double claimsBefore = claims().count();
        double callsBefore = claims().totalAmount();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<?>> posted = new java.util.ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                posted.add(callers.submit(() -> {
                    for (int i = 0; i < MESSAGES / CALLERS; i++) {
                        GatewayHttp.Response r = GatewayHttp.post("http://127.0.0.1:" + port + "/api/messages", "linger-key",
                                "{\"touser\":\"" + MEMBERS.get((caller + i) % MEMBERS.size())
                                        + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"linger " + caller + "-" + i + "\"}}");
                        assertThat(r.status()).isEqualTo(202);
                        ids.add(r.json().path("id").asString());
                    }
                }));
            }
            for (Future<?> f : posted) {
                f.get();
            }
        } finally {
            callers.shutdown();
        }
        for (String id : ids) {
            await("message " + id + " finished", Duration.ofSeconds(30), () -> !List.of("queued", "sending").contains(status(id)
                    .path("state").asString()));
            assertThat(status(id).path("state").asString()).as(status(id).toString()).isEqualTo("sent");
        }
        double claims = claims().count() - claimsBefore;
        assertThat(claims().totalAmount() - callsBefore).as("calls claimed").isEqualTo(MESSAGES);
        // About one claim per message without the linger (21 of 24 in a run of the former senders); with
        // it, a claim per linger plus those of senders woken while the lingering one claims and sends
        // (it gives up its turn before claiming, so enqueues then wake others): 6 to 18 of 48 seen.
        assertThat(claims).as("non-empty claims for " + MESSAGES + " messages").isLessThanOrEqualTo(MESSAGES / 2.0);
    }

    private tools.jackson.databind.JsonNode status(String id) {
        return GatewayHttp.get("http://127.0.0.1:" + port + "/api/messages/" + id, "linger-key").json();
    }

    private DistributionSummary claims() {
        return registry.get("wecom4j.outbox.claim.batch").summary();
    }
}
