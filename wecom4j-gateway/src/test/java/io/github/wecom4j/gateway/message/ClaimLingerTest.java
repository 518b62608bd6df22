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
 * linger is long here so the test does not depend on how fast this machine posts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.messages.api-keys=linger-key",
        "gateway.messages.claim-linger=400ms"})
@ActiveProfiles("test")
class ClaimLingerTest {

    static final List<String> MEMBERS = List.of("zhangsan", "lisi", "wangwu");
    static final int MESSAGES = 24;

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry registry;

    @Test
    void singleMessagesArrivingTogetherAreClaimedTogether() throws Exception {
        double claimsBefore = claims().count();
        double callsBefore = claims().totalAmount();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> posted = new java.util.ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int caller = c;
                posted.add(callers.submit(() -> {
                    for (int i = 0; i < MESSAGES / 4; i++) {
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
            await("message " + id + " sent", Duration.ofSeconds(30), () -> "sent".equals(GatewayHttp.get(
                    "http://127.0.0.1:" + port + "/api/messages/" + id, "linger-key").json().path("state").asString()));
        }
        double claims = claims().count() - claimsBefore;
        assertThat(claims().totalAmount() - callsBefore).as("calls claimed").isEqualTo(MESSAGES);
        // One claim per message without the linger; a few with it.
        assertThat(claims).as("non-empty claims for " + MESSAGES + " messages").isLessThanOrEqualTo(MESSAGES / 3.0);
    }

    private DistributionSummary claims() {
        return registry.get("wecom4j.outbox.claim.batch").summary();
    }
}
