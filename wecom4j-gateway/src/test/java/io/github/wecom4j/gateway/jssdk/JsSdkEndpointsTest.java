package io.github.wecom4j.gateway.jssdk;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's JS-SDK endpoints over HTTP, in emulated mode: payloads the emulator's client-side
 * check accepts, trusted domains only, typed JSON errors, and the diagnosis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class JsSdkEndpointsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    WeComEmulator emulator;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String page;

    @BeforeEach
    void page() {
        emulator.faults().clear();
        page = "http://localhost:" + port + "/jssdk.html?from=test";
    }

    @Test
    void configIsSignedForTheTrustedPageAndAcceptedByTheEmulator() throws Exception {
        HttpResponse<String> r = get("/api/jssdk/config?url=" + enc(page));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode cfg = JSON.readTree(r.body());
        assertThat(cfg.path("appId").asString()).isEqualTo(DemoCorp.CORP_ID);
        assertThat(cfg.path("nonceStr").asString()).hasSize(16);
        assertThat(verify("config", page + "#section", cfg).path("errMsg").asString()).isEqualTo("config:ok");
    }

    @Test
    void agentConfigUsesTheDefaultOrTheRequestedApp() throws Exception {
        JsonNode cfg = JSON.readTree(get("/api/jssdk/agent-config?url=" + enc(page)).body());
        assertThat(cfg.path("corpid").asString()).isEqualTo(DemoCorp.CORP_ID);
        assertThat(cfg.path("agentid").asInt()).isEqualTo(DemoCorp.APPROVALS_AGENT_ID);
        assertThat(verify("agentConfig", page, cfg).path("errMsg").asString()).isEqualTo("agentConfig:ok");

        JsonNode notices = JSON.readTree(get("/api/jssdk/agent-config?url=" + enc(page) + "&agentId="
                + DemoCorp.NOTICES_AGENT_ID).body());
        assertThat(notices.path("agentid").asInt()).isEqualTo(DemoCorp.NOTICES_AGENT_ID);
        assertThat(verify("agentConfig", page, notices).path("errMsg").asString()).isEqualTo("agentConfig:ok");

        HttpResponse<String> unknown = get("/api/jssdk/agent-config?url=" + enc(page) + "&agentId=4242");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("errcode").asInt()).isEqualTo(40056);
    }

    @Test
    void pagesOffTheTrustedDomainsAreRefusedWithAClearJsonError() throws Exception {
        long ticketCalls = emulator.counters().calls("/cgi-bin/get_jsapi_ticket");
        HttpResponse<String> r = get("/api/jssdk/config?url=" + enc("https://evil.example/steal?x=1"));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("errcode").asInt()).isEqualTo(80001);
        assertThat(body.path("errmsg").asString()).contains("evil.example").contains("[localhost]");
        assertThat(body.path("hint").asString()).contains("trusted domain");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.github");
        // a look-alike host is not the trusted one either
        assertThat(get("/api/jssdk/agent-config?url=" + enc("http://localhost.evil.example/")).statusCode()).isEqualTo(400);
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(ticketCalls);
    }

    @Test
    void missingOrRelativeUrlIsATypedError() throws Exception {
        for (String query : new String[] {"", "?url=", "?url=%2Fjssdk.html"}) {
            HttpResponse<String> r = get("/api/jssdk/config" + query);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("errcode").asInt()).isEqualTo(40093);
        }
    }

    @Test
    void manyPageLoadsShareOneTicket() throws Exception {
        get("/api/jssdk/config?url=" + enc(page));
        long before = emulator.counters().calls("/cgi-bin/get_jsapi_ticket");
        for (int i = 0; i < 50; i++) {
            assertThat(get("/api/jssdk/config?url=" + enc(page + "&i=" + i)).statusCode()).isEqualTo(200);
        }
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(before);
    }

    /** Tickets WeCom's client refused can be dropped (behind the API key): the next page load fetches new ones. */
    @Test
    void refusedTicketsCanBeRenewedWithTheApiKey(@Autowired io.github.wecom4j.gateway.web.ApiKeys apiKeys) throws Exception {
        assertThat(get("/api/jssdk/config?url=" + enc(page)).statusCode()).isEqualTo(200);
        assertThat(get("/api/jssdk/agent-config?url=" + enc(page)).statusCode()).isEqualTo(200);
        long corpTickets = emulator.counters().calls("/cgi-bin/get_jsapi_ticket");
        long appTickets = emulator.counters().calls("/cgi-bin/ticket/get");
        HttpRequest.Builder renew = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jssdk/tickets/renew"))
                .POST(HttpRequest.BodyPublishers.noBody());
        assertThat(http.send(renew.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("without the key").isEqualTo(401);
        HttpResponse<String> renewed = http.send(renew.header(io.github.wecom4j.gateway.web.ApiKeys.HEADER, apiKeys.demoKey())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.body()).contains("jsapi_ticket").contains("agent_config").doesNotContain("ticket\":\"");
        JsonNode cfg = JSON.readTree(get("/api/jssdk/config?url=" + enc(page)).body());
        assertThat(verify("config", page, cfg).path("errMsg").asString()).isEqualTo("config:ok");
        assertThat(get("/api/jssdk/agent-config?url=" + enc(page)).statusCode()).isEqualTo(200);
        assertThat(emulator.counters().calls("/cgi-bin/get_jsapi_ticket")).isEqualTo(corpTickets + 1);
        assertThat(emulator.counters().calls("/cgi-bin/ticket/get")).isEqualTo(appTickets + 1);
    }

    @Test
    void diagnosisNamesAUrlThatChangedAfterSigning() throws Exception {
        JsonNode cfg = JSON.readTree(get("/api/jssdk/config?url=" + enc(page)).body());
        String realUrl = "http://localhost:" + port + "/jssdk.html?from=test&step=2";
        assertThat(verify("config", realUrl, cfg).path("errMsg").asString()).isEqualTo("config:invalid signature");

        ObjectNode req = signedAs(cfg, realUrl, page);
        req.put("api", "config");
        HttpResponse<String> r = post("/api/jssdk/diagnose", req.toString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode d = JSON.readTree(r.body());
        assertThat(d.path("cause").asString()).isEqualTo("URL_QUERY_DIFFERS");
        assertThat(d.path("api").asString()).isEqualTo("wx.config");
        assertThat(d.path("message").asString()).contains("'?from=test' signed");
    }

    @Test
    void diagnosisExplainsWhatTheOfficialSdkReports() throws Exception {
        JsonNode agent = JSON.readTree(get("/api/jssdk/agent-config?url=" + enc(page)).body());
        ObjectNode req = signedAs(agent, page + "#/list", page);
        req.put("api", "agentConfig");
        req.put("errMsg", "hideOptionMenu:permission denied");
        req.put("agentId", DemoCorp.APPROVALS_AGENT_ID);
        req.set("jsApiList", JSON.valueToTree(List.of("getContext")));
        JsonNode denied = JSON.readTree(post("/api/jssdk/diagnose", req.toString()).body());
        assertThat(denied.path("api").asString()).isEqualTo("hideOptionMenu");
        assertThat(denied.path("cause").asString()).isEqualTo("API_NOT_PERMITTED");
        assertThat(denied.path("message").asString()).contains("not in the jsApiList");

        // the corp config's error under the client's name, no 'api' needed
        JsonNode cfg = JSON.readTree(get("/api/jssdk/config?url=" + enc(page)).body());
        ObjectNode config = signedAs(cfg, page + "&step=2", page);
        config.put("errMsg", "preVerifyJSAPI:invalid signature");
        JsonNode d = JSON.readTree(post("/api/jssdk/diagnose", config.toString()).body());
        assertThat(d.path("api").asString()).isEqualTo("preVerifyJSAPI");
        assertThat(d.path("cause").asString()).isEqualTo("URL_QUERY_DIFFERS");

        config.put("errMsg", "nonsense");
        HttpResponse<String> bad = post("/api/jssdk/diagnose", config.toString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("errcode").asInt()).isEqualTo(40035);
        config.put("errMsg", "getContext:permission denied");
        config.set("jsApiList", JSON.valueToTree(Collections.nCopies(201, "x")));
        assertThat(post("/api/jssdk/diagnose", config.toString()).statusCode()).isEqualTo(400);
    }

    @Test
    void badDiagnosisRequestsAreTypedErrors() throws Exception {
        HttpResponse<String> notJson = post("/api/jssdk/diagnose", "{not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).path("errcode").asInt()).isEqualTo(40058);

        HttpResponse<String> noApi = post("/api/jssdk/diagnose", "{\"url\":\"" + page + "\",\"timestamp\":1}");
        assertThat(noApi.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noApi.body()).path("errcode").asInt()).isEqualTo(40035);
    }

    @Test
    void setupPointsTheDemoPageAtTheEmulatorsBridgeAndTheOfficialSdk() throws Exception {
        JsonNode setup = JSON.readTree(get("/api/jssdk/setup").body());
        assertThat(setup.path("emulated").asBoolean()).isTrue();
        assertThat(setup.path("bridgeScript").asString()).isEqualTo(emulator.baseUri() + "/_emulator/jssdk/bridge.js");
        assertThat(setup.path("agentId").asInt()).isEqualTo(DemoCorp.APPROVALS_AGENT_ID);
        assertThat(setup.path("corpId").asString()).isEqualTo(DemoCorp.CORP_ID);
        OfficialJsSdk sdk = OfficialJsSdk.fromClasspath();
        assertThat(setup.path("sdkVersion").asString()).isEqualTo(sdk.version());
        if (sdk.script().isPresent()) {
            assertThat(setup.path("sdkScript").asString()).isEqualTo(sdk.script().get());
            HttpResponse<String> script = get(sdk.script().get());
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.body()).contains("wxwork").contains("WeixinJSBridge");
        } else {
            assertThat(setup.path("sdkScript").isNull()).isTrue();
        }
        assertThat(get("/").body()).contains("href=\"/jssdk.html\"");
        assertThat(get("/jssdk.html").body()).contains("/jssdk.js").contains("config-status");
    }

    /** A diagnosis request for what a page did with a payload: its URL now, the URL it had signed. */
    private static ObjectNode signedAs(JsonNode payload, String url, String signedUrl) {
        ObjectNode req = JSON.createObjectNode();
        req.put("url", url);
        req.put("signedUrl", signedUrl);
        req.put("timestamp", payload.path("timestamp").asLong());
        req.put("nonceStr", payload.path("nonceStr").asString());
        req.put("signature", payload.path("signature").asString());
        return req;
    }

    private JsonNode verify(String api, String href, JsonNode cfg) throws Exception {
        ObjectNode body = ((ObjectNode) cfg).deepCopy();
        body.put("api", api);
        body.put("href", href);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/jssdk/verify"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
