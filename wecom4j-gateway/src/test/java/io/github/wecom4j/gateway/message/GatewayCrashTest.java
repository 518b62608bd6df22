package io.github.wecom4j.gateway.message;

import io.github.wecom4j.emulator.corp.CorpFiles;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox's promise under a real crash: a standalone emulator JVM (its inboxes outlive the
 * gateway) and a gateway JVM on a file database; 5,000 messages are queued, the gateway is killed
 * with SIGKILL while sending, restarted on the same database, and every message must be in the
 * inboxes exactly once. Then the same with 20% of WeCom calls answering {@code -1}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayCrashTest {

    static final int MESSAGES = 5_000;
    static final int MEMBERS = 1_000;
    static final String CORP = "ww0crash0corp000001";
    static final int AGENT = 1000020;
    static final String SECRET = "crash-test-app-secret-00000000000000000001";
    static final String KEY = "crash-test-key";

    @TempDir
    static Path dir;
    static ChildJvm emulatorJvm;
    static String emulatorUrl;
    static int gatewayPort;

    @BeforeAll
    static void startEmulator() {
        List<EmulatedMember> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(new EmulatedMember("m" + i, "Member " + i, List.of(1L), 1, null, null, null, "0", 1));
        }
        Path corpFile = dir.resolve("corp.json");
        CorpFiles.save(new EmulatedCorp(CORP, "Crash Co.", null, List.of(new EmulatedDepartment(1, "Crash Co.", 0, 1, List.of())),
                members, List.of(new EmulatedApp(AGENT, "Crash", SECRET, "localhost", null, null, null))), corpFile);
        int port = ChildJvm.freePort();
        emulatorUrl = "http://127.0.0.1:" + port;
        emulatorJvm = ChildJvm.start("emulator", dir, "io.github.wecom4j.emulator.EmulatorMain",
                List.of("--port", String.valueOf(port), "--corp", corpFile.toString()));
        await("standalone emulator up", Duration.ofSeconds(60), () -> reachable(emulatorUrl + "/_emulator/state"),
                emulatorJvm::logTail);
        gatewayPort = ChildJvm.freePort();
    }

    @AfterAll
    static void stopEmulator() throws InterruptedException {
        if (emulatorJvm != null) {
            emulatorJvm.close();
        }
    }

    @Test
    @Order(1)
    void killedMidwayAndRestartedEveryMessageArrivesExactlyOnce() throws Exception {
        faults("{\"latencyMs\":15}");
        crashAndRecover("calm");
    }

    @Test
    @Order(2)
    void sameWithTwentyPercentSystemBusy() throws Exception {
        faults("{\"latencyMs\":15,\"errorRate\":0.2,\"seed\":7}");
        crashAndRecover("busy");
        assertThat(GatewayHttp.get(emulatorUrl + "/_emulator/counters", null).json().path("faults_injected").asLong())
                .as("-1 answers were injected").isGreaterThan(500);
    }

    private void crashAndRecover(String round) throws Exception {
        long deliveredBefore = delivered();
        List<String> ids;
        try (ChildJvm gateway = startGateway(round + "-1")) {
            ids = enqueue(round);
            await("sending under way", Duration.ofSeconds(120), () -> delivered() - deliveredBefore >= MESSAGES / 3,
                    gateway::logTail);
            gateway.kill();
        }
        long atKill = delivered() - deliveredBefore;
        assertThat(atKill).as("killed in the middle").isGreaterThan(0).isLessThan(MESSAGES);

        try (ChildJvm gateway = startGateway(round + "-2")) {
            await("every message delivered after restart", Duration.ofSeconds(180),
                    () -> delivered() - deliveredBefore >= MESSAGES, gateway::logTail);
            await("every message reported sent", Duration.ofSeconds(60), () -> allSent(ids), gateway::logTail);
        }
        Map<String, Integer> copies = new HashMap<>();
        for (int i = 0; i < MEMBERS; i++) {
            for (JsonNode m : GatewayHttp.get(emulatorUrl + "/_emulator/inbox/m" + i, null).json().path("messages")) {
                String summary = m.path("summary").asString();
                if (summary.startsWith(round + " ")) {
                    copies.merge(summary, 1, Integer::sum);
                }
            }
        }
        assertThat(copies).hasSize(MESSAGES);
        assertThat(copies.values()).containsOnly(1);
        assertThat(delivered() - deliveredBefore).isEqualTo(MESSAGES);
        assertThat(GatewayHttp.get(emulatorUrl + "/_emulator/inbox", null).json().path("dropped").asLong()).isZero();
    }

    private ChildJvm startGateway(String name) {
        ChildJvm gateway = ChildJvm.start("gateway-" + name, dir, "io.github.wecom4j.gateway.GatewayApplication", List.of(
                "--server.port=" + gatewayPort,
                "--wecom.corp-id=" + CORP,
                "--wecom.apps[0].agent-id=" + AGENT,
                "--wecom.apps[0].secret=" + SECRET,
                "--wecom.apps[0].name=crash",
                "--wecom.hosts.api=" + emulatorUrl,
                "--wecom.hosts.oauth=" + emulatorUrl,
                "--wecom.hosts.login=" + emulatorUrl,
                // WRITE_DELAY=0: a commit reaches the file before the API answers, so SIGKILL loses nothing acknowledged
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("gateway-db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0",
                "--gateway.messages.api-keys=" + KEY,
                "--gateway.messages.lease=3s",
                "--gateway.messages.initial-backoff=100ms",
                "--gateway.messages.max-backoff=1s",
                "--gateway.messages.max-attempts=50",
                "--logging.level.io.github.wecom4j=WARN"));
        await("gateway up", Duration.ofSeconds(120), () -> {
            if (!gateway.alive()) {
                throw new AssertionError("gateway exited:\n" + gateway.logTail());
            }
            return reachable("http://127.0.0.1:" + gatewayPort + "/actuator/health");
        }, gateway::logTail);
        return gateway;
    }

    private List<String> enqueue(String round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String body = "{\"touser\":\"m" + (i % MEMBERS) + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + round + " " + i + "\"}}";
            futures.add(pool.submit(() -> {
                GatewayHttp.Response r = GatewayHttp.post("http://127.0.0.1:" + gatewayPort + "/api/messages", KEY, body);
                assertThat(r.status()).as(r.json().toString()).isEqualTo(202);
                return r.json().path("id").asString();
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : futures) {
            ids.add(f.get());
        }
        pool.shutdown();
        return Collections.unmodifiableList(ids);
    }

    private boolean allSent(List<String> ids) {
        return ids.parallelStream().allMatch(id -> "sent".equals(GatewayHttp.get("http://127.0.0.1:" + gatewayPort
                + "/api/messages/" + id, KEY).json().path("state").asString()));
    }

    private static long delivered() {
        return GatewayHttp.get(emulatorUrl + "/_emulator/inbox", null).json().path("delivered").asLong();
    }

    private static void faults(String json) {
        GatewayHttp.post(emulatorUrl + "/_emulator/faults", null, json);
    }

    private static boolean reachable(String url) {
        try {
            return GatewayHttp.get(url, null).status() == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
