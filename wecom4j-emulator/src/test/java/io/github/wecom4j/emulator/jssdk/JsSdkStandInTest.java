package io.github.wecom4j.emulator.jssdk;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JS-SDK stand-in: its own signature algorithm reproduces the published example, and its check
 * answers like the WeCom client for each thing a page can get wrong.
 */
@WeComEmulatorTest
class JsSdkStandInTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String PAGE = "http://localhost:8080/app/page?x=1";

    @Test
    void independentAlgorithmReproducesThePublishedExample() {
        assertThat(ConfigCheck.signature(
                "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
                "Wm3WZYTPz0wzccnW", "1414587457", "http://mp.weixin.qq.com?params=value"))
                .isEqualTo("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
    }

    @Test
    void aCorrectConfigIsOkAndTheFragmentOfTheRealUrlIsIgnored(WeComEmulator emulator) throws Exception {
        String ticket = ticket(emulator, "/cgi-bin/get_jsapi_ticket", "");
        Map<String, Object> cfg = config(DemoCorp.CORP_ID, ticket, PAGE);
        assertThat(verify(emulator, "config", PAGE + "#/deep/link", cfg).path("errMsg").asString()).isEqualTo("config:ok");
        assertThat(emulator.counters().get("jssdk config ok")).isEqualTo(1);
    }

    @Test
    void eachMistakeGetsWeComsErrorText(WeComEmulator emulator) throws Exception {
        String ticket = ticket(emulator, "/cgi-bin/get_jsapi_ticket", "");
        String agentTicket = ticket(emulator, "/cgi-bin/ticket/get", "&type=agent_config");

        // another query string than the one signed
        JsonNode otherUrl = verify(emulator, "config", "http://localhost:8080/app/page?x=2", config(DemoCorp.CORP_ID, ticket, PAGE));
        assertThat(otherUrl.path("errMsg").asString()).isEqualTo("config:invalid signature");
        assertThat(otherUrl.path("errcode").asInt()).isEqualTo(40093);
        // signed with the fragment
        assertThat(verify(emulator, "config", PAGE + "#a", config(DemoCorp.CORP_ID, ticket, PAGE + "#a"))
                .path("errMsg").asString()).isEqualTo("config:invalid signature");
        // the other ticket
        assertThat(verify(emulator, "config", PAGE, config(DemoCorp.CORP_ID, agentTicket, PAGE))
                .path("errMsg").asString()).isEqualTo("config:invalid signature");
        // another corp
        assertThat(verify(emulator, "config", PAGE, config("wwSomeOtherCorp", ticket, PAGE)).path("errMsg").asString())
                .isEqualTo("config:invalid corpId");
        // a domain no app trusts
        assertThat(verify(emulator, "config", "https://evil.example/app/page?x=1", config(DemoCorp.CORP_ID, ticket,
                "https://evil.example/app/page?x=1")).path("errMsg").asString()).isEqualTo("config:invalid url domain");
    }

    @Test
    void agentConfigNeedsTheAppTicketAndAKnownAgent(WeComEmulator emulator) throws Exception {
        String ticket = ticket(emulator, "/cgi-bin/get_jsapi_ticket", "");
        String agentTicket = ticket(emulator, "/cgi-bin/ticket/get", "&type=agent_config");
        Map<String, Object> ok = agentConfig(DemoCorp.APPROVALS_AGENT_ID, agentTicket, PAGE);
        assertThat(verify(emulator, "agentConfig", PAGE, ok).path("errMsg").asString()).isEqualTo("agentConfig:ok");
        assertThat(verify(emulator, "agentConfig", PAGE, agentConfig(DemoCorp.APPROVALS_AGENT_ID, ticket, PAGE))
                .path("errMsg").asString()).isEqualTo("agentConfig:invalid signature");
        assertThat(verify(emulator, "agentConfig", PAGE, agentConfig(DemoCorp.NOTICES_AGENT_ID, agentTicket, PAGE))
                .path("errMsg").asString()).isEqualTo("agentConfig:invalid signature");
        assertThat(verify(emulator, "agentConfig", PAGE, agentConfig(4242, agentTicket, PAGE))
                .path("errMsg").asString()).isEqualTo("agentConfig:invalid agentid");
    }

    @Test
    void anExpiredTicketNoLongerVerifies(WeComEmulator emulator) throws Exception {
        String ticket = ticket(emulator, "/cgi-bin/get_jsapi_ticket", "");
        Map<String, Object> cfg = config(DemoCorp.CORP_ID, ticket, PAGE);
        emulator.clock().advance(Duration.ofSeconds(7200));
        assertThat(verify(emulator, "config", PAGE, cfg).path("errMsg").asString()).isEqualTo("config:invalid signature");
    }

    @Test
    void scriptIsServedAndTheCheckIsOpenToOtherOrigins(WeComEmulator emulator) throws Exception {
        HttpResponse<String> js = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/jssdk/jweixin.js"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/javascript"));
        assertThat(js.body()).contains("agentConfig").contains("location.href").contains("/_emulator/jssdk/verify");

        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/jssdk/verify"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:1").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

        HttpResponse<String> garbage = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/jssdk/verify"))
                .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    // --- helpers: a page's config, signed here by hand with the emulator's own algorithm ---

    static Map<String, Object> config(String corpId, String ticket, String signedUrl) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("appId", corpId);
        cfg.put("timestamp", 1700000000L);
        cfg.put("nonceStr", "abcDEF123");
        cfg.put("signature", ConfigCheck.signature(ticket, "abcDEF123", "1700000000", signedUrl));
        return cfg;
    }

    static Map<String, Object> agentConfig(int agentId, String ticket, String signedUrl) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("corpid", DemoCorp.CORP_ID);
        cfg.put("agentid", String.valueOf(agentId));
        cfg.put("timestamp", "1700000001");
        cfg.put("nonceStr", "n0nce");
        cfg.put("signature", ConfigCheck.signature(ticket, "n0nce", "1700000001", signedUrl));
        return cfg;
    }

    static String ticket(WeComEmulator emulator, String path, String extraQuery) throws Exception {
        String token = get(emulator, "/cgi-bin/gettoken?corpid=" + DemoCorp.CORP_ID + "&corpsecret=" + DemoCorp.APPROVALS_SECRET)
                .path("access_token").asString();
        return get(emulator, path + "?access_token=" + token + extraQuery).path("ticket").asString();
    }

    static JsonNode get(WeComEmulator emulator, String pathAndQuery) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static JsonNode verify(WeComEmulator emulator, String api, String href, Map<String, Object> cfg) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(cfg);
        body.put("api", api);
        body.put("href", href);
        return postAsPage(emulator, "/_emulator/jssdk/verify", body);
    }

    /** A POST as a page's script sends it: text/plain, so no CORS preflight; answered 200 with CORS open. */
    static JsonNode postAsPage(WeComEmulator emulator, String path, Object body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + path))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        return JSON.readTree(r.body());
    }
}
