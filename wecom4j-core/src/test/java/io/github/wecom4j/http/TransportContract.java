package io.github.wecom4j.http;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.media.MediaFile;
import io.github.wecom4j.media.MediaKind;
import io.github.wecom4j.media.MediaService;
import io.github.wecom4j.message.Recipients;
import io.github.wecom4j.message.SendReport;
import io.github.wecom4j.message.TextMessage;
import io.github.wecom4j.token.InMemoryTokenStore;
import io.github.wecom4j.token.TokenStore;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link HttpTransport} must do, run over HTTP against the emulator: each transport's
 * test class extends this and names its factory. The retry rules live in {@link WeComHttp}, but
 * they hinge on the exceptions a transport throws, so they are part of the contract.
 */
@WeComEmulatorTest
public abstract class TransportContract {

    /** The transport under test. */
    protected abstract HttpTransport.Factory transport();

    private WeComClient client(WeComEmulator emulator, RetryPolicy retries, Duration requestTimeout) {
        return WeComClient.create(TestClients.demoConfig(emulator).transport(transport()).retryPolicy(retries)
                .requestTimeout(requestTimeout).build());
    }

    private WeComClient client(WeComEmulator emulator) {
        return client(emulator, TestClients.FAST_RETRIES, Duration.ofSeconds(5));
    }

    @Test
    void getAndJsonPostReachWeComAndComeBackTyped(WeComEmulator emulator) {
        try (WeComClient client = client(emulator)) {
            assertThat(client.contacts().departments().list()).isNotEmpty();
            SendReport report = client.app(DemoCorp.APPROVALS_AGENT_ID).messages()
                    .send(Recipients.users("lisi"), TextMessage.of("通过 transport 发送"));
            assertThat(report.calls()).singleElement().satisfies(r -> assertThat(r.msgid()).isNotBlank());
            assertThat(emulator.inboxes().of("lisi")).singleElement()
                    .satisfies(d -> assertThat(d.content().path("content").asString()).isEqualTo("通过 transport 发送"));
        }
    }

    @Test
    void multipartUploadAndRawDownloadKeepBytesNameAndType(WeComEmulator emulator) {
        try (WeComClient client = client(emulator)) {
            MediaService media = client.app(DemoCorp.APPROVALS_AGENT_ID).media();
            byte[] content = "一份报销单 \r\n--boundary-like line\r\n".getBytes(StandardCharsets.UTF_8);
            MediaFile file = media.download(media.upload(MediaKind.FILE, "报销单.pdf", content).mediaId());
            assertThat(file.content()).isEqualTo(content);
            assertThat(file.filename()).isEqualTo("报销单.pdf");
            assertThat(file.contentType()).isNotBlank();
        }
    }

    @Test
    void systemBusyIsRetriedUntilTheCallSucceeds(WeComEmulator emulator) {
        try (WeComClient client = client(emulator, RetryPolicy.until(Duration.ofSeconds(5))
                .withMaxAttempts(RetryPolicy.UNLIMITED_ATTEMPTS)
                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(4)), Duration.ofSeconds(5))) {
            client.contacts().departments().list();
            emulator.faults().errorRate(0.5, 11);
            for (int i = 0; i < 60; i++) {
                assertThat(client.contacts().members().get("sunqi").departmentIds()).containsExactly(4L);
            }
            // Each -1 cost exactly one more user/get. (The emulator's injected() also counts faults
            // drawn by requests of earlier tests still sleeping out their injected latency.)
            TransportMetrics.Snapshot m = client.transportMetrics();
            assertThat(m.systemBusy()).isGreaterThan(20).isEqualTo(m.retries());
            assertThat(emulator.counters().calls("/cgi-bin/user/get")).isEqualTo(60 + m.systemBusy());
            assertThat(m.exhausted()).isZero();
        }
    }

    /**
     * The budget is time, not a count: with every answer -1, a call goes on past the former fixed
     * 4 attempts and gives up only once the deadline has passed.
     */
    @Test
    void systemBusyIsRetriedUntilTheDeadlineThenReported(WeComEmulator emulator) {
        Duration deadline = Duration.ofMillis(800);
        try (WeComClient client = client(emulator, RetryPolicy.until(deadline)
                .withBackoff(Duration.ofMillis(2), Duration.ofMillis(8)), Duration.ofSeconds(5))) {
            client.contacts().departments().list();
            emulator.faults().errorRate(1.0, 1);
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.contacts().departments().list())
                    .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.isSystemBusy()).isTrue());
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(deadline.toMillis());
            assertThat(emulator.counters().calls("/cgi-bin/department/list") - 1).isGreaterThan(4);
            assertThat(client.transportMetrics().exhausted()).isEqualTo(1);
        }
    }

    @Test
    void aSlowGetTimesOutAndIsRetriedButASlowPostIsNotRepeated(WeComEmulator emulator) {
        // Tokens come from a client with a patient timeout, so only the calls under test meet the short one.
        TokenStore tokens = new InMemoryTokenStore();
        try (WeComClient warm = WeComClient.create(TestClients.demoConfig(emulator).tokenStore(tokens).build())) {
            warm.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken();
            warm.contacts().departments().list();
        }
        try (WeComClient client = WeComClient.create(TestClients.demoConfig(emulator).tokenStore(tokens)
                .transport(transport()).requestTimeout(Duration.ofMillis(500)).build())) {
            emulator.faults().latencyMillis(1500);
            assertThatThrownBy(() -> client.contacts().departments().list())
                    .isInstanceOfSatisfying(WeComException.class,
                            e -> assertThat(e.errmsg()).contains("HttpTimeoutException"));
            assertThat(client.transportMetrics().networkErrors()).isEqualTo(TestClients.FAST_RETRIES.maxAttempts());

            assertThatThrownBy(() -> client.app(DemoCorp.APPROVALS_AGENT_ID).api()
                    .post("/cgi-bin/message/recall", Map.of("msgid", "m1")))
                    .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errmsg()).contains("HttpTimeoutException"));
            assertThat(emulator.counters().calls("/cgi-bin/message/recall")).isEqualTo(1);
            assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isEqualTo(2);
        }
    }

    /** A POST that could not even connect provably did nothing, so it is retried. */
    @Test
    void aPostThatCouldNotConnectIsRetriedWithoutLeakingTheToken() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        WeComHosts hosts = WeComHosts.allAt(URI.create("http://127.0.0.1:" + closedPort));
        try (HttpTransport transport = transport().create(hosts, Duration.ofSeconds(2))) {
            WeComHttp http = new WeComHttp(transport, WeComJson.mapper(), TestClients.FAST_RETRIES, Duration.ofSeconds(2));
            assertThatThrownBy(() -> http.postJson(hosts.api(), "/cgi-bin/message/send",
                    Map.of("access_token", "SECRET-TOKEN"), "{}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(WeComException.class, e -> {
                        assertThat(e.errcode()).isEqualTo(WeComException.TRANSPORT_FAILURE);
                        assertThat(e.getMessage()).doesNotContain("SECRET-TOKEN");
                    });
            assertThat(http.metrics().snapshot().attempts()).isEqualTo(TestClients.FAST_RETRIES.maxAttempts());
        }
    }

    /** An https host is spoken to with TLS, verified: a plain-http server behind it is a failure, never trusted. */
    @Test
    void anHttpsHostGetsRealTlsAndAServerWithoutItFails(WeComEmulator emulator) {
        WeComConfig config = WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(URI.create("https://127.0.0.1:" + emulator.port())))
                .contactsSecret(DemoCorp.CONTACTS_SECRET)
                .retryPolicy(RetryPolicy.NONE)
                .connectTimeout(Duration.ofSeconds(1))
                .transport(transport())
                .build();
        try (WeComClient client = WeComClient.create(config)) {
            assertThatThrownBy(() -> client.contacts().departments().list())
                    .isInstanceOfSatisfying(WeComException.class,
                            e -> assertThat(e.errcode()).isEqualTo(WeComException.TRANSPORT_FAILURE));
        }
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isZero();
    }
}
