package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.web.ApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On-demand reconciles read the whole directory from WeCom, so they have a minimum interval across
 * the cluster: a second request within it is a 429 with Retry-After and the gateway's error shape.
 */
@TestPropertySource(properties = "gateway.directory.reconcile-min-interval=PT60S")
class ReconcileRateLimitTest extends MirrorTestBase {

    @Test
    void aSecondOnDemandReconcileWithinTheIntervalIsA429WithRetryAfter() throws Exception {
        assertThat(post("/api/directory/reconcile").statusCode()).isEqualTo(200);

        HttpResponse<String> again = post("/api/directory/reconcile");
        assertThat(again.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(again.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        JsonNode error = DesiredJson.JSON.readTree(again.body());
        assertThat(error.path("errcode").asInt()).isEqualTo(45009);
        assertThat(error.path("hint").asString()).contains("reconcile-min-interval");
        assertThat(again.body()).doesNotContain("Exception").doesNotContain("\tat ");

        // the console's button is the same on-demand reconcile
        HttpResponse<String> console = post("/api/console/directory/reconcile");
        assertThat(console.statusCode()).isEqualTo(429);
        assertThat(console.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void theClaimIsOneConditionalUpdateSoConcurrentInstancesGetOneSlot() {
        MirrorStore store = mirror.store();
        String corp = "ratelimit-corp"; // a corp of its own: the other test's claim does not interfere
        List<Duration> waits = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> store.claimOnDemandReconcile(corp, Duration.ofSeconds(60)))).toList().stream()
                .map(CompletableFuture::join).toList();
        assertThat(waits.stream().filter(Duration::isZero).count()).as(waits.toString()).isEqualTo(1);
        assertThat(waits.stream().filter(w -> !w.isZero())).allMatch(w -> w.compareTo(Duration.ofSeconds(60)) <= 0);
        assertThat(store.claimOnDemandReconcile(corp, Duration.ofMillis(1))).as("interval over").isZero();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header(ApiKeys.HEADER, apiKeys.demoKey()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
