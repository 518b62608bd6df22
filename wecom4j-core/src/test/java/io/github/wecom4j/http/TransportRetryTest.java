package io.github.wecom4j.http;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.error.WeComException;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries on -1 and on network failures: they happen, they are bounded, they are counted. */
@WeComEmulatorTest
class TransportRetryTest {

    @Test
    void callsSucceedDespiteThirtyPercentSystemBusyAndRetriesAreVisible(WeComEmulator emulator) {
        emulator.faults().errorRate(0.30, 7);
        WeComClient client = WeComClient.create(TestClients.demoConfig(emulator)
                .retryPolicy(new RetryPolicy(8, Duration.ofMillis(1), Duration.ofMillis(4))).build());

        for (int i = 0; i < 100; i++) {
            Member user = client.contacts().members().get("sunqi");
            assertThat(user.departmentIds()).containsExactly(4L);
        }

        TransportMetrics.Snapshot m = client.transportMetrics();
        long injected = emulator.faults().injected();
        assertThat(injected).isGreaterThan(10);
        assertThat(m.systemBusy()).isEqualTo(injected);
        assertThat(m.retries()).isEqualTo(injected);
        assertThat(m.exhausted()).isZero();
        assertThat(m.attempts()).isEqualTo(m.calls() + m.retries());
    }

    @Test
    void retriesOfSystemBusyAreBoundedByThePolicy(WeComEmulator emulator) {
        WeComClient client = TestClients.demoClient(emulator);
        client.contacts().departments().list();
        emulator.faults().errorRate(1.0, 1);

        assertThatThrownBy(() -> client.contacts().departments().list())
                .isInstanceOfSatisfying(WeComException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(-1);
                    assertThat(e.isSystemBusy()).isTrue();
                });
        assertThat(emulator.counters().calls("/cgi-bin/department/list")).isEqualTo(1 + TestClients.FAST_RETRIES.maxAttempts());
        assertThat(client.transportMetrics().exhausted()).isEqualTo(1);
    }

    @Test
    void aWeComErrorOtherThanSystemBusyIsNotRetried(WeComEmulator emulator) {
        WeComClient client = TestClients.demoClient(emulator);
        assertThatThrownBy(() -> client.contacts().members().get("nobody"))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(60111));
        assertThat(emulator.counters().calls("/cgi-bin/user/get")).isEqualTo(1);
    }

    @Test
    void connectionFailuresAreRetriedThenReportedWithoutLeakingTheSecret() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        WeComClient client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(URI.create("http://127.0.0.1:" + closedPort)))
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .retryPolicy(TestClients.FAST_RETRIES)
                .build());

        assertThatThrownBy(() -> client.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken())
                .isInstanceOfSatisfying(WeComException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(WeComException.TRANSPORT_FAILURE);
                    assertThat(e.getMessage()).contains("/cgi-bin/gettoken").doesNotContain(DemoCorp.APPROVALS_SECRET);
                });
        assertThat(client.transportMetrics().networkErrors()).isEqualTo(TestClients.FAST_RETRIES.maxAttempts());
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried(WeComEmulator emulator) {
        WeComClient client = WeComClient.create(TestClients.demoConfig(emulator)
                .requestTimeout(Duration.ofMillis(150)).build());
        emulator.faults().latencyMillis(400);

        assertThatThrownBy(() -> client.contacts().departments().list())
                .isInstanceOfSatisfying(WeComException.class,
                        e -> assertThat(e.errmsg()).contains("HttpTimeoutException"));
        assertThat(client.transportMetrics().networkErrors()).isEqualTo(TestClients.FAST_RETRIES.maxAttempts());
    }

    @Test
    void aPostThatTimedOutIsNotRepeatedBecauseWeComMayHaveDoneIt(WeComEmulator emulator) {
        WeComClient client = WeComClient.create(TestClients.demoConfig(emulator)
                .requestTimeout(Duration.ofMillis(150)).build());
        client.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken();
        emulator.faults().latencyMillis(400);

        assertThatThrownBy(() -> client.app(DemoCorp.APPROVALS_AGENT_ID).api()
                .post("/cgi-bin/message/recall", java.util.Map.of("msgid", "m1")))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errmsg()).contains("HttpTimeoutException"));
        assertThat(client.transportMetrics().retries()).isZero();
        assertThat(emulator.counters().calls("/cgi-bin/message/recall")).isEqualTo(1);
    }

    @Test
    void backoffGrowsWithinBoundsAndJitters() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int retry = 1; retry <= 9; retry++) {
            long cap = Math.min(1000, 100L << (retry - 1));
            Duration d = policy.backoff(retry);
            assertThat(d.toMillis()).isBetween(cap / 2, cap);
        }
        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> policy.backoff(3)).distinct().count())
                .isGreaterThan(1);
    }
}
