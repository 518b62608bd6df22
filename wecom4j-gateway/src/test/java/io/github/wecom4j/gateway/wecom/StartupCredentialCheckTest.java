package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.gateway.GatewayApplication;
import io.github.wecom4j.http.RetryPolicy;
import io.github.wecom4j.http.WeComHosts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Real mode says at start-up, per credential, whether WeCom accepts it and, if not, what to do:
 * the operator should not have to discover a wrong secret or an untrusted IP from the first
 * failed message.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupCredentialCheckTest {

    static final WeComEmulator wecom = WeComEmulator.start();
    static final String UNTRUSTED_IP_SECRET = "wecom4j-magic-60020";

    @AfterAll
    static void stop() {
        wecom.close();
    }

    @Test
    void eachCredentialGetsAVerdictInTheLog(CapturedOutput output) throws Exception {
        String base = wecom.baseUri().toString();
        try (ConfigurableApplicationContext ignored = SpringApplication.run(GatewayApplication.class,
                "--server.port=0", "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:h2:mem:startup-check;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                "--wecom.corp-id=" + DemoCorp.CORP_ID, "--wecom.contacts-secret=" + DemoCorp.CONTACTS_SECRET,
                "--wecom.apps[0].agent-id=" + DemoCorp.APPROVALS_AGENT_ID, "--wecom.apps[0].secret=" + UNTRUSTED_IP_SECRET,
                "--wecom.apps[1].agent-id=" + DemoCorp.NOTICES_AGENT_ID, "--wecom.apps[1].secret=not-the-notices-secret",
                "--wecom.hosts.api=" + base, "--wecom.hosts.oauth=" + base, "--wecom.hosts.login=" + base)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!output.getAll().contains("WeCom credential app " + DemoCorp.NOTICES_AGENT_ID)) {
                assertThat(System.nanoTime()).as("verdicts logged in time").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        String log = output.getAll();
        assertThat(log).contains("WeCom credential contacts (" + DemoCorp.CORP_ID + "): OK");
        assertThat(log).containsPattern("WeCom credential app " + DemoCorp.APPROVALS_AGENT_ID
                + " .*60020: WeCom refuses calls from this gateway's IP 127\\.0\\.0\\.1; add it to the app's trusted IPs");
        assertThat(log).containsPattern("WeCom credential app " + DemoCorp.NOTICES_AGENT_ID + " .*40001: wrong secret");
        assertThat(log).contains("No console admins (GATEWAY_CONSOLE_ADMINS)").contains("No JS-SDK trusted domains");
        assertThat(log).doesNotContain("not-the-notices-secret").doesNotContain(DemoCorp.CONTACTS_SECRET);
        // one gettoken per credential, through the token cache
        assertThat(wecom.counters().calls("/cgi-bin/gettoken")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void networkFailuresNameTheHostAndTheCause() throws Exception {
        URI unresolvable = URI.create("http://wecom-gateway-test.invalid");
        assertThat(StartupCredentialCheck.verdict(tokenFailure(unresolvable), unresolvable))
                .startsWith("DNS: cannot resolve wecom-gateway-test.invalid");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + closedPort);
        assertThat(StartupCredentialCheck.verdict(tokenFailure(closed), closed))
                .startsWith("connect: cannot connect to 127.0.0.1:" + closedPort);
    }

    private static WeComException tokenFailure(URI host) {
        try (WeComClient client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID).hosts(WeComHosts.allAt(host))
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2))).build())) {
            WeComException e = catchThrowableOfType(WeComException.class,
                    () -> client.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken());
            assertThat(e.errcode()).isEqualTo(WeComException.TRANSPORT_FAILURE);
            return e;
        }
    }
}
