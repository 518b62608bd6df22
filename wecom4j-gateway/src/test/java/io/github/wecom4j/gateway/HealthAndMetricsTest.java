package io.github.wecom4j.gateway;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.gateway.web.ApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator scrapes and probes (docs/operations.md), read over HTTP as Prometheus and a
 * load balancer would: the meters carry real values after real traffic (also after a garbage
 * collection: Micrometer holds what it measures weakly), and the probes answer with their status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.messages.initial-backoff=20ms", "gateway.messages.max-backoff=100ms"})
@ActiveProfiles("test")
class HealthAndMetricsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    WeComClient wecom;
    @Autowired
    WeComEmulator emulator;

    @Test
    void prometheusShowsOutboxTransportTokenAndCallbackMetersWithRealValues() throws Exception {
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(uri("/api/messages"))
                .header(ApiKeys.HEADER, apiKeys.demoKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"touser\":\"wangwu\",\"msgtype\":\"text\",\"text\":{\"content\":\"metered\"}}")).build());
        assertThat(accepted.statusCode()).isEqualTo(202);
        // A forged callback: refused, and counted by reason.
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/wecom/callback/" + DemoCorp.APPROVALS_AGENT_ID
                        + "?msg_signature=0000&timestamp=" + now + "&nonce=n1"))
                .POST(HttpRequest.BodyPublishers.ofString("<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>")).build());
        assertThat(forged.statusCode()).isEqualTo(403);

        // The outbox gauge reads the database at most every few seconds: wait for the sent call to show.
        String scrape = awaitScrape(text -> value(text, "wecom4j_outbox_calls\\{state=\"sent\"\\}").orElse(0) >= 1);
        for (int i = 0; i < 3; i++) {
            System.gc(); // a meter whose measured object was only weakly reachable would now read NaN
        }
        scrape = scrape();
        assertThat(value(scrape, "wecom_transport_calls_total").orElseThrow()).isGreaterThanOrEqualTo(1);
        String app = "\\{credential=\"app " + DemoCorp.APPROVALS_AGENT_ID + "\"\\}";
        assertThat(value(scrape, "wecom_token_fetches_total" + app).orElseThrow()).isEqualTo(1);
        assertThat(value(scrape, "wecom_token_remaining_seconds" + app).orElseThrow())
                .as("lifetime left of the cached token").isGreaterThan(0);
        assertThat(value(scrape, "wecom_token_failing" + app).orElseThrow()).isZero();
        assertThat(value(scrape, "wecom4j_outbox_sends_total\\{errcode=\"0\",result=\"sent\"\\}").orElseThrow())
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "wecom4j_callbacks_total\\{reason=\"signature\",result=\"rejected\"\\}").orElseThrow())
                .isEqualTo(1);
        assertThat(value(scrape, "wecom4j_outbox_oldest_due_age_seconds")).isPresent();
        // The intake-first gauges read the live gate (NaN had it been collected): a flag, and a count of senders.
        assertThat(value(scrape, "wecom4j_outbox_intake_first_limited").orElseThrow()).isBetween(0.0, 1.0);
        assertThat(value(scrape, "wecom4j_outbox_senders_working").orElseThrow()).isBetween(0.0, 16.0);
        assertThat(scrape).as("meters never carry a secret").doesNotContain(DemoCorp.APPROVALS_SECRET)
                .doesNotContain(DemoCorp.CONTACTS_SECRET);
    }

    /**
     * The running gateway sends through wecom4j-httpclient5 (wecom.transport=auto with
     * wecom4j-httpclient5 on its classpath), says so to an API-key caller, and a message posted to
     * it arrives in the (embedded) WeCom over that client.
     */
    @Test
    void theGatewaySendsThroughHttpclient5AndSaysSoInItsHealthDetails() throws Exception {
        assertThat(wecom.transportName()).isEqualTo("httpclient5");
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health"))
                .header(ApiKeys.HEADER, apiKeys.demoKey()).GET().build());
        assertThat(health.body()).contains("\"transport\":\"httpclient5\"");
        // On H2 (no autovacuum to look after) the maintenance check names the database and nothing more.
        assertThat(health.body()).contains("\"databaseMaintenance\":{\"details\":{\"database\":\"H2\"},\"status\":\"UP\"}");
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build()).body())
                .as("no details without a key").doesNotContain("transport");

        HttpResponse<String> accepted = send(HttpRequest.newBuilder(uri("/api/messages"))
                .header(ApiKeys.HEADER, apiKeys.demoKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"over httpclient5\"}}")).build());
        assertThat(accepted.statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (emulator.inboxes().of("lisi").stream().noneMatch(d -> d.content().path("content").asString().equals("over httpclient5"))) {
            assertThat(System.nanoTime()).as("the message never arrived").isLessThan(deadline);
            Thread.sleep(50); // the outbox delivers asynchronously
        }
    }

    @Test
    void probesAnswerWithTheirStatus() throws Exception {
        HttpResponse<String> live = send(HttpRequest.newBuilder(uri("/actuator/health/liveness")).GET().build());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\":\"UP\"");
        HttpResponse<String> ready = send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).GET().build());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");
    }

    private String awaitScrape(java.util.function.Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String text = scrape();
        while (!ready.test(text)) {
            assertThat(System.nanoTime()).as("meters never showed the expected values:\n" + text).isLessThan(deadline);
            Thread.sleep(100); // polling the scrape endpoint, as Prometheus would
            text = scrape();
        }
        return text;
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of one Prometheus sample, by its name and exact label set (a regex). */
    private static OptionalDouble value(String scrape, String sample) {
        Matcher m = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(scrape);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
