package io.github.wecom4j.token;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.error.WeComException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token caching against the emulator over real HTTP: single-flight, refresh-ahead, invalidation. */
@WeComEmulatorTest
class AccessTokenLifecycleTest {

    private static final String GETTOKEN = "/cgi-bin/gettoken";

    @Test
    void sixtyFourThreadsOnATokenWeComHasExpiredCauseExactlyOneGettoken(WeComEmulator emulator) throws Exception {
        WeComClient client = TestClients.demoClient(emulator);
        client.contacts().members().get("zhangsan");
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(1);

        // Only WeCom's clock moves: the client still believes its token valid and learns from 42001.
        emulator.clock().advance(Duration.ofSeconds(7201));
        List<String> names = runConcurrently(64, () -> client.contacts().members().get("lisi").name());

        assertThat(names).hasSize(64).containsOnly("李四");
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(2);
        assertThat(emulator.counters().get("errors 42001")).isBetween(1L, 64L);
    }

    @Test
    void onANearCachedStoreATokenWeComRevokedIsReplacedByTheTransparentRetry(WeComEmulator emulator) {
        NearCachedTokenStore store = new NearCachedTokenStore(new InMemoryTokenStore());
        WeComClient client = WeComClient.create(TestClients.demoConfig(emulator).tokenStore(store).build());
        client.contacts().departments().list();
        emulator.tokens().revokeAll();
        assertThat(client.contacts().departments().list()).isNotEmpty();
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(2);
        assertThat(emulator.counters().get("errors 40014")).isEqualTo(1);
    }

    @Test
    void sixtyFourThreadsOnATokenTheClientKnowsExpiredCauseExactlyOneGettoken(WeComEmulator emulator) throws Exception {
        MutableClock clientClock = new MutableClock();
        WeComClient client = WeComClient.create(TestClients.demoConfig(emulator).clock(clientClock).build());
        client.contacts().members().get("zhangsan");

        emulator.clock().advance(Duration.ofSeconds(7201));
        clientClock.advance(Duration.ofSeconds(7201));
        List<String> names = runConcurrently(64, () -> client.contacts().members().get("wangwu").name());

        assertThat(names).hasSize(64).containsOnly("王五");
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(2);
        assertThat(emulator.counters().get("errors 42001")).isZero();
    }

    @Test
    void aRevokedTokenIsReplacedTransparentlyOnTheNextCall(WeComEmulator emulator) {
        WeComClient client = TestClients.demoClient(emulator);
        String before = tokenOf(client);
        client.app(DemoCorp.APPROVALS_AGENT_ID).api().get("/cgi-bin/department/list", java.util.Map.of());

        assertThat(emulator.tokens().revokeAll()).isEqualTo(1);
        var body = client.app(DemoCorp.APPROVALS_AGENT_ID).api().get("/cgi-bin/user/get", java.util.Map.of("userid", "zhaoliu"));

        assertThat(body.path("name").asString()).isEqualTo("赵六");
        assertThat(emulator.counters().get("errors 40014")).isEqualTo(1);
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(2);
        assertThat(tokenOf(client)).isNotEqualTo(before);
    }

    @Test
    void aWrongSecretFailsFastWithHintAfterExactlyOneGettoken(WeComEmulator emulator) {
        WeComClient client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(io.github.wecom4j.http.WeComHosts.allAt(emulator.baseUri()))
                .app(DemoCorp.APPROVALS_AGENT_ID, "not-the-secret", "approvals")
                .retryPolicy(TestClients.FAST_RETRIES)
                .build());

        assertThatThrownBy(() -> client.contacts().departments().list())
                .isInstanceOfSatisfying(WeComException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(40001);
                    assertThat(e.hint()).contains("secret");
                    assertThat(e.getMessage()).doesNotContain("not-the-secret");
                });
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(1);

        // Asking again at once is answered from memory: no storm that would get the IP banned.
        assertThatThrownBy(() -> client.contacts().departments().list()).isInstanceOf(WeComException.class);
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(1);
    }

    @Test
    void aWrongSecretIsRetriedOnlyAfterTheCooldown(WeComEmulator emulator) {
        MutableClock clientClock = new MutableClock();
        WeComClient client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(io.github.wecom4j.http.WeComHosts.allAt(emulator.baseUri()))
                .app(DemoCorp.APPROVALS_AGENT_ID, "not-the-secret", "approvals")
                .clock(clientClock)
                .build());
        assertThatThrownBy(() -> client.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken()).isInstanceOf(WeComException.class);
        clientClock.advance(TokenPolicy.DEFAULT.failureCooldown().plusSeconds(1));
        assertThatThrownBy(() -> client.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken()).isInstanceOf(WeComException.class);
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(2);
    }

    @Test
    void anUnreachableWeComCostsOneRoundOfRetriesPerCooldownNotOnePerRequest() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        MutableClock clientClock = new MutableClock();
        WeComClient client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(io.github.wecom4j.http.WeComHosts.allAt(java.net.URI.create("http://127.0.0.1:" + closedPort)))
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .retryPolicy(TestClients.FAST_RETRIES)
                .clock(clientClock)
                .build());
        var api = client.app(DemoCorp.APPROVALS_AGENT_ID).api();
        assertThatThrownBy(api::accessToken).isInstanceOfSatisfying(WeComException.class,
                e -> assertThat(e.errcode()).isEqualTo(WeComException.TRANSPORT_FAILURE));
        long attempts = client.transportMetrics().attempts();
        assertThat(attempts).as("the transport's retries, once").isGreaterThan(1);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(api::accessToken).isInstanceOf(WeComException.class);
        }
        assertThat(client.transportMetrics().attempts()).as("answered from memory").isEqualTo(attempts);
        clientClock.advance(TokenPolicy.DEFAULT.failureCooldown().plusSeconds(1));
        assertThatThrownBy(api::accessToken).isInstanceOf(WeComException.class);
        assertThat(client.transportMetrics().attempts()).as("tried again after the cooldown").isGreaterThan(attempts);
    }

    /**
     * WeCom answering gettoken "system busy" (-1) through all of the transport's retries: every
     * caller waiting for the token would spend the same round again, one after the other behind the
     * fetch lock (16 page loads: 16 rounds of ~10 s). The failure is answered from memory for the
     * cooldown, as an unreachable WeCom is.
     */
    @Test
    void aBusyWeComCostsOneRoundOfRetriesPerCooldownNotOnePerRequest(WeComEmulator emulator) {
        MutableClock clientClock = new MutableClock();
        WeComClient client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(io.github.wecom4j.http.WeComHosts.allAt(emulator.baseUri()))
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .retryPolicy(TestClients.FAST_RETRIES)
                .clock(clientClock)
                .build());
        emulator.faults().failNext(1_000, -1, GETTOKEN);
        try {
            var api = client.app(DemoCorp.APPROVALS_AGENT_ID).api();
            assertThatThrownBy(api::accessToken).isInstanceOfSatisfying(WeComException.class,
                    e -> assertThat(e.errcode()).isEqualTo(-1));
            long round = emulator.counters().calls(GETTOKEN);
            assertThat(round).as("the transport's retries, once").isGreaterThan(1);
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(api::accessToken).isInstanceOf(WeComException.class);
            }
            assertThat(emulator.counters().calls(GETTOKEN)).as("answered from memory").isEqualTo(round);
            emulator.faults().clear();
            clientClock.advance(TokenPolicy.DEFAULT.failureCooldown().plusSeconds(1));
            assertThat(api.accessToken()).as("fetched again after the cooldown").isNotBlank();
        } finally {
            emulator.faults().clear();
        }
    }

    @Test
    void anUntrustedIpFailsWithItsHintAndIsNotRetried(WeComEmulator emulator) {
        WeComClient client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(io.github.wecom4j.http.WeComHosts.allAt(emulator.baseUri()))
                .app(DemoCorp.APPROVALS_AGENT_ID, "wecom4j-magic-60020", "approvals")
                .build());
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken())
                    .isInstanceOfSatisfying(WeComException.class, e -> {
                        assertThat(e.errcode()).isEqualTo(60020);
                        assertThat(e.hint()).containsIgnoringCase("IP");
                    });
        }
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(1);
    }

    @Test
    void refreshAheadFetchesOnceBeforeExpiryAndNotOnEveryCall(WeComEmulator emulator) {
        MutableClock clientClock = new MutableClock();
        WeComClient client = WeComClient.create(TestClients.demoConfig(emulator).clock(clientClock).build());
        client.contacts().members().get("zhangsan");

        // 200 s before expiry: inside the 5-minute refresh-ahead window on both sides.
        emulator.clock().advance(Duration.ofSeconds(7000));
        clientClock.advance(Duration.ofSeconds(7000));
        for (int i = 0; i < 10; i++) {
            client.contacts().members().get("zhangsan");
        }
        // WeCom hands back the same token within validity; one attempt per token value is enough.
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(2);

        emulator.clock().advance(Duration.ofSeconds(300));
        clientClock.advance(Duration.ofSeconds(300));
        client.contacts().members().get("zhangsan");
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(3);
        assertThat(emulator.counters().get("errors 42001")).isZero();
    }

    @Test
    void aTokenReissuedInItsLastSecondsIsUsedUntilItReallyExpires(WeComEmulator emulator) {
        MutableClock clientClock = new MutableClock();
        WeComClient client = WeComClient.create(TestClients.demoConfig(emulator).clock(clientClock).build());
        client.contacts().members().get("zhangsan");

        // 20 s left: inside the 30 s expiry margin. WeCom answers gettoken with the same token.
        emulator.clock().advance(Duration.ofSeconds(7180));
        clientClock.advance(Duration.ofSeconds(7180));
        for (int i = 0; i < 10; i++) {
            client.contacts().members().get("zhangsan");
        }
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(2);

        emulator.clock().advance(Duration.ofSeconds(21));
        clientClock.advance(Duration.ofSeconds(21));
        client.contacts().members().get("zhangsan");
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(3);
    }

    @Test
    void eachSecretHasItsOwnToken(WeComEmulator emulator) {
        WeComClient client = TestClients.demoClient(emulator);
        String approvals = client.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken();
        String notices = client.app(DemoCorp.NOTICES_AGENT_ID).api().accessToken();
        client.contacts().departments().list();
        assertThat(approvals).isNotEqualTo(notices);
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(3);
        assertThat(client.tokenStates()).hasSize(3)
                .allSatisfy((label, state) -> assertThat(state.cached()).isTrue());
    }

    @Test
    void twoClientsSharingAStoreFetchOnce(WeComEmulator emulator) {
        TokenStore shared = new InMemoryTokenStore();
        WeComClient first = WeComClient.create(TestClients.demoConfig(emulator).tokenStore(shared).build());
        WeComClient second = WeComClient.create(TestClients.demoConfig(emulator).tokenStore(shared).build());
        first.contacts().departments().list();
        second.contacts().departments().list();
        assertThat(emulator.counters().calls(GETTOKEN)).isEqualTo(1);
    }

    private static String tokenOf(WeComClient client) {
        return client.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken();
    }

    private static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
