package io.github.wecom4j.jssdk;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.jssdk.JsApiTicketAuthority;
import io.github.wecom4j.emulator.junit.WeComEmulatorExtension;
import io.github.wecom4j.http.RetryPolicy;
import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.token.InMemoryTokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SDK's JS-SDK against the emulator over HTTP: tickets fetched and cached per app, payloads the
 * emulator's own (independent) check accepts, and validation before any call.
 */
class JsSdkTest {

    @RegisterExtension
    static final WeComEmulatorExtension WECOM = new WeComEmulatorExtension();

    static final String PAGE = "http://localhost:8080/jssdk.html?from=menu";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    WeComEmulator emulator;
    WeComClient client;
    JsSdk approvals;

    @BeforeEach
    void client() {
        emulator = WECOM.emulator();
        client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(emulator.baseUri()))
                .clock(emulator.clock())
                .retryPolicy(RetryPolicy.NONE)
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .app(DemoCorp.NOTICES_AGENT_ID, DemoCorp.NOTICES_SECRET, "notices")
                .build());
        approvals = client.app(DemoCorp.APPROVALS_AGENT_ID).jssdk();
    }

    @Test
    void configPayloadIsAcceptedByTheEmulatorsOwnCheck() throws Exception {
        WxConfig cfg = approvals.config(PAGE);
        assertThat(cfg.appId()).isEqualTo(DemoCorp.CORP_ID);
        assertThat(cfg.timestamp()).isCloseTo(emulator.clock().epochSecond(), org.assertj.core.data.Offset.offset(5L));
        assertThat(cfg.nonceStr()).matches("[A-Za-z0-9]{16}");
        assertThat(cfg.signature()).matches("[0-9a-f]{40}");

        JsonNode verdict = verify("config", PAGE + "#/inbox", Map.of("appId", cfg.appId(), "timestamp", cfg.timestamp(),
                "nonceStr", cfg.nonceStr(), "signature", cfg.signature()));
        assertThat(verdict.path("errMsg").asString()).isEqualTo("config:ok");
    }

    @Test
    void agentConfigPayloadIsAcceptedAndCarriesTheAgentId() throws Exception {
        WxAgentConfig cfg = approvals.agentConfig(PAGE);
        assertThat(cfg.corpid()).isEqualTo(DemoCorp.CORP_ID);
        assertThat(cfg.agentid()).isEqualTo(DemoCorp.APPROVALS_AGENT_ID);

        JsonNode verdict = verify("agentConfig", PAGE, agentBody(cfg));
        assertThat(verdict.path("errMsg").asString()).isEqualTo("agentConfig:ok");
        assertThat(emulator.counters().calls("/cgi-bin/ticket/get")).isEqualTo(1);
    }

    @Test
    void theTwoTicketsAreNotInterchangeable() throws Exception {
        WxConfig cfg = approvals.config(PAGE);
        JsonNode verdict = verify("agentConfig", PAGE, Map.of("corpid", cfg.appId(), "agentid", DemoCorp.APPROVALS_AGENT_ID,
                "timestamp", cfg.timestamp(), "nonceStr", cfg.nonceStr(), "signature", cfg.signature()));
        assertThat(verdict.path("errMsg").asString()).isEqualTo("agentConfig:invalid signature");
    }

    @Test
    void aSignatureForAnotherUrlIsRefusedByTheEmulator() throws Exception {
        WxConfig cfg = approvals.config(PAGE);
        JsonNode verdict = verify("config", "http://localhost:8080/jssdk.html?from=share", Map.of("appId", cfg.appId(),
                "timestamp", cfg.timestamp(), "nonceStr", cfg.nonceStr(), "signature", cfg.signature()));
        assertThat(verdict.path("errMsg").asString()).isEqualTo("config:invalid signature");
        assertThat(verdict.path("errcode").asInt()).isEqualTo(40093);
    }

    @Test
    void aDroppedTicketIsFetchedAgainForTheNextPageOnly() {
        approvals.config(PAGE);
        approvals.agentConfig(PAGE);
        approvals.dropTicket(ConfigKind.CONFIG);
        approvals.config(PAGE);
        approvals.config(PAGE);
        approvals.agentConfig(PAGE);
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(2);
        assertThat(emulator.counters().calls("/cgi-bin/ticket/get")).isEqualTo(1);
    }

    @Test
    void ticketsAreCachedPerAppAndKind() {
        for (int i = 0; i < 20; i++) {
            approvals.config(PAGE + "&i=" + i);
            approvals.agentConfig(PAGE + "&i=" + i);
        }
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(1);
        assertThat(emulator.counters().calls("/cgi-bin/ticket/get")).isEqualTo(1);

        client.app(DemoCorp.NOTICES_AGENT_ID).jssdk().config(PAGE);
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(2);
        assertThat(approvals.ticketState(ConfigKind.CONFIG).cached()).isTrue();
        assertThat(approvals.ticketState(ConfigKind.CONFIG).fetches()).isEqualTo(1);
        assertThat(approvals.ticketState(ConfigKind.CONFIG).toString())
                .doesNotContain(emulator.jsApiTickets().valid(DemoCorp.CORP_ID, DemoCorp.APPROVALS_AGENT_ID,
                        JsApiTicketAuthority.Kind.JSAPI).orElseThrow().value());
    }

    @Test
    void concurrentPageLoadsFetchTheTicketOnce() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Set<String> signatures = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    signatures.add(approvals.config(PAGE).signature());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(1);
        assertThat(signatures).hasSize(threads); // fresh nonce each time
    }

    @Test
    void anExpiredTicketIsReplaced() throws Exception {
        approvals.config(PAGE);
        String first = ticket(JsApiTicketAuthority.Kind.JSAPI);
        emulator.clock().advance(Duration.ofSeconds(7200));
        WxConfig cfg = approvals.config(PAGE);
        String second = ticket(JsApiTicketAuthority.Kind.JSAPI);
        assertThat(second).isNotEqualTo(first);
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(2);
        assertThat(verify("config", PAGE, Map.of("appId", cfg.appId(), "timestamp", cfg.timestamp(),
                "nonceStr", cfg.nonceStr(), "signature", cfg.signature())).path("errMsg").asString()).isEqualTo("config:ok");
    }

    @Test
    void aRevokedAccessTokenIsReplacedTransparentlyForTheTicketCall() {
        client.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken();
        emulator.tokens().revokeAll();
        WxConfig cfg = approvals.config(PAGE);
        assertThat(cfg.signature()).hasSize(40);
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isEqualTo(2);
        assertThat(emulator.counters().get("errors 40014")).isEqualTo(1);
    }

    @Test
    void aFrequencyBlockSurfacesAs45009AndIsNotRetriedInALoop() {
        emulator.faults().failNext(1, 45009, "/cgi-bin/get_jsapi_ticket");
        assertThatThrownBy(() -> approvals.config(PAGE)).isInstanceOf(WeComException.class)
                .extracting(e -> ((WeComException) e).errcode()).isEqualTo(45009);
        assertThatThrownBy(() -> approvals.config(PAGE)).isInstanceOf(WeComException.class);
        // the refusal is remembered for the cooldown instead of asking WeCom again
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(1);
    }

    @Test
    void aFragmentInTheUrlToSignIsDropped() throws Exception {
        WxConfig cfg = approvals.config(PAGE + "#/inbox?tab=2");
        assertThat(verify("config", PAGE, Map.of("appId", cfg.appId(), "timestamp", cfg.timestamp(),
                "nonceStr", cfg.nonceStr(), "signature", cfg.signature())).path("errMsg").asString()).isEqualTo("config:ok");
    }

    @Test
    void ticketsLiveInTheConfiguredTokenStoreSoInstancesShareThem() {
        InMemoryTokenStore shared = new InMemoryTokenStore();
        for (int instance = 0; instance < 3; instance++) {
            WeComClient c = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                    .hosts(WeComHosts.allAt(emulator.baseUri()))
                    .clock(emulator.clock())
                    .tokenStore(shared)
                    .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                    .build());
            c.app(DemoCorp.APPROVALS_AGENT_ID).jssdk().config(PAGE);
            c.app(DemoCorp.APPROVALS_AGENT_ID).jssdk().agentConfig(PAGE);
        }
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(1);
        assertThat(emulator.counters().calls("/cgi-bin/ticket/get")).isEqualTo(1);
        assertThat(emulator.counters().calls("/cgi-bin/gettoken")).isEqualTo(1);
    }

    @Test
    void aTicketCloseToExpiryIsRefreshedAheadWhileStillServing() throws Exception {
        approvals.config(PAGE);
        emulator.clock().advance(Duration.ofSeconds(7200 - 200)); // inside the 5-minute refresh-ahead window
        WxConfig cfg = approvals.config(PAGE);
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(2);
        assertThat(verify("config", PAGE, Map.of("appId", cfg.appId(), "timestamp", cfg.timestamp(),
                "nonceStr", cfg.nonceStr(), "signature", cfg.signature())).path("errMsg").asString()).isEqualTo("config:ok");
        approvals.config(PAGE);
        // WeCom hands out the same ticket within validity: one refresh attempt per ticket, not one per call
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(2);
    }

    @Test
    void badUrlsAreRefusedBeforeAnyCall() {
        for (String bad : new String[] {null, "", "  ", "/jssdk.html", "localhost:8080/x", "ftp://localhost/x",
                "http://localhost/a b"}) {
            assertThatThrownBy(() -> approvals.config(bad)).isInstanceOf(WeComValidationException.class)
                    .extracting(e -> ((WeComException) e).errcode()).isEqualTo(40093);
        }
        assertThatThrownBy(() -> approvals.agentConfig("/x?code=SECRETCODE")).isInstanceOf(WeComValidationException.class)
                .hasMessageNotContaining("SECRETCODE");
        assertThat(emulator.counters().snapshot()).isEmpty();
    }

    // --- helpers ---

    String ticket(JsApiTicketAuthority.Kind kind) {
        return emulator.jsApiTickets().valid(DemoCorp.CORP_ID, DemoCorp.APPROVALS_AGENT_ID, kind).orElseThrow().value();
    }

    static Map<String, Object> agentBody(WxAgentConfig cfg) {
        return Map.of("corpid", cfg.corpid(), "agentid", cfg.agentid(), "timestamp", cfg.timestamp(),
                "nonceStr", cfg.nonceStr(), "signature", cfg.signature());
    }

    /** What the emulator's jweixin.js stand-in sends for a page at {@code href}. */
    JsonNode verify(String api, String href, Map<String, Object> cfg) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(cfg);
        body.put("api", api);
        body.put("href", href);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/jssdk/verify"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
