package io.github.wecom4j.gateway.message;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway JVMs whose wall clocks disagree by 90 s (the second runs under libfaketime, Debian's
 * {@code faketime} package), as a host whose NTP failed: leases written by one are compared by the
 * other on the database's clock, so the instance ahead does not take over a call the other is still
 * sending, and the message goes out once.
 */
class ClockSkewClusterTest {

    private static final String SEND = "/cgi-bin/message/send";
    private static final List<String> FAKETIME_LIBRARIES = List.of(
            "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
            "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1");

    @TempDir
    static Path dir;
    static GatewayCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        faketime(); // before the cluster: nothing to start without it
        // WeCom's answer is held for longer than the default 15 s request timeout below: waited for, not retried.
        cluster = GatewayCluster.start(dir, 1, 2, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"),
                List.of("--wecom.timeouts.request=120s"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anInstanceNinetySecondsAheadDoesNotTakeOverACallAnotherInstanceIsStillSending() throws Exception {
        long before = cluster.calls(SEND);
        // WeCom takes the first message at once and answers it a minute and a half later: instance 0
        // keeps its 3 s lease alive meanwhile, renewing it on its own clock.
        GatewayHttp.Response fault = GatewayHttp.post(cluster.emulatorUrl() + "/_emulator/faults", null,
                "{\"delayAnswerNext\":{\"count\":1,\"ms\":90000,\"path\":\"" + SEND + "\"}}");
        assertThat(fault.status()).isEqualTo(200);
        GatewayHttp.Response first = GatewayHttp.post(cluster.instanceUrl(0) + "/api/messages", GatewayCluster.KEY,
                "{\"touser\":\"m0\",\"msgtype\":\"text\",\"text\":{\"content\":\"held by instance 0\"}}");
        assertThat(first.status()).as(first.json().toString()).isEqualTo(202);
        await("instance 0 sending the first message", Duration.ofSeconds(30), () -> cluster.calls(SEND) == before + 1);

        int ahead = cluster.addInstance(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), List.of(),
                Map.of("LD_PRELOAD", faketime(), "FAKETIME", "+90s", "FAKETIME_DONT_FAKE_MONOTONIC", "1"));
        String scrape = GatewayHttp.getText(cluster.instanceUrl(ahead) + "/actuator/prometheus");
        assertThat(sample(scrape, "wecom4j_clock_skew_seconds")).as("the instance ahead knows it is")
                .isBetween(88.0, 92.0);

        // Messages posted to the instance ahead wake its senders, whose claims take any call due or
        // with a lapsed lease: delivered, they prove it claimed while the first call was in flight.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            GatewayHttp.Response r = GatewayHttp.post(cluster.instanceUrl(ahead) + "/api/messages", GatewayCluster.KEY,
                    "{\"touser\":\"m1\",\"msgtype\":\"text\",\"text\":{\"content\":\"posted ahead " + i + "\"}}");
            assertThat(r.status()).as(r.json().toString()).isEqualTo(202);
            ids.add(r.json().path("id").asString());
        }
        await("the three messages posted to the instance ahead sent", Duration.ofSeconds(30), () -> ids.stream()
                .allMatch(id -> "sent".equals(GatewayHttp.get(cluster.url() + "/api/messages/" + id, GatewayCluster.KEY)
                        .json().path("state").asString())), () -> cluster.instance(ahead).logTail());

        GatewayHttp.Response held = GatewayHttp.get(cluster.url() + "/api/messages/" + first.json().path("id").asString(),
                GatewayCluster.KEY);
        assertThat(cluster.calls(SEND)).as("the first message sent once, not taken over and sent again: %s",
                held.json()).isEqualTo(before + 4);
        assertThat(held.json().path("calls").get(0).path("state").asString()).isEqualTo("sending");
        assertThat(held.json().path("calls").get(0).path("attempts").asInt()).isEqualTo(1);
    }

    /** The value of one unlabelled Prometheus sample. */
    private static double sample(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(name + " in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** libfaketime's multi-threaded library; this test cannot run without it, and must under CI=true. */
    private static String faketime() {
        for (String library : FAKETIME_LIBRARIES) {
            if (Files.isReadable(Path.of(library))) {
                return library;
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("libfaketime (Debian package faketime) must be installed under CI=true");
        }
        Assumptions.abort("libfaketime not installed (apt-get install faketime)");
        return null;
    }
}
