package io.github.wecom4j.emulator.jssdk;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulated client's {@code WeixinJSBridge} over HTTP, sending exactly what the bridge script
 * sends for what Tencent's {@code @wecom/jssdk} 2.x invokes: handshakes checked like the client,
 * later calls tied to a successful handshake on the page's current URL, WeCom's version rules,
 * and events pushed through the control API.
 */
@WeComEmulatorTest
class JsBridgeTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String MODERN = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 wxwork/4.1.36 Language/zh";
    static final String PAGE = "http://localhost:8080/app/page?from=menu";
    static final List<String> JS_API_LIST = List.of("getContext", "checkJsApi");

    @Test
    void theScriptDefinesTheBridgeOnlyForAWeComUserAgent(WeComEmulator emulator) throws Exception {
        HttpResponse<String> wecom = script(emulator, MODERN);
        assertThat(wecom.statusCode()).isEqualTo(200);
        assertThat(wecom.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/javascript"));
        assertThat(wecom.body()).contains("global.WeixinJSBridge = {").contains("WeixinJSBridgeReady")
                .doesNotContain("__WECOM4J_PAGE__");
        assertThat(emulator.jsBridge().pages()).singleElement()
                .satisfies(p -> assertThat(p.client().text()).isEqualTo("4.1.36"));

        HttpResponse<String> browser = script(emulator, "Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Safari/537.36");
        assertThat(browser.statusCode()).isEqualTo(200);
        assertThat(browser.body()).doesNotContain("WeixinJSBridge =").contains("not a WeCom user agent");
        assertThat(emulator.jsBridge().pages()).hasSize(1);
    }

    @Test
    void aCorpConfigGrantsItsJsApiListOnThisUrlOnly(WeComEmulator emulator) throws Exception {
        Page page = Page.open(emulator, MODERN);
        String ticket = JsSdkStandInTest.ticket(emulator, "/cgi-bin/get_jsapi_ticket", "");
        ObjectNode verify = preVerify(ticket, PAGE);

        JsonNode ok = page.invoke("preVerifyJSAPI", verify, PAGE + "#/inbox");
        assertThat(ok.path("err_msg").asString()).isEqualTo("preVerifyJSAPI:ok");

        JsonNode context = page.invoke("getContext", verifyFields(verify), PAGE);
        assertThat(context.path("err_msg").asString()).isEqualTo("getContext:ok");
        assertThat(context.path("entry").asString()).isEqualTo("normal");

        JsonNode check = page.invoke("checkJsApi", verifyFields(verify).set("jsApiList",
                JSON.valueToTree(List.of("getContext", "selectEnterpriseContact"))), PAGE);
        assertThat(check.path("checkResult").path("getContext").asBoolean()).isTrue();
        assertThat(check.path("checkResult").path("selectEnterpriseContact").asBoolean()).isFalse();

        // listed nowhere: denied, and the hint names the list
        JsonNode denied = page.invoke("hideOptionMenu", verifyFields(verify), PAGE);
        assertThat(denied.path("err_msg").asString()).isEqualTo("hideOptionMenu:permission denied");
        assertThat(denied.path("emulator_hint").asString()).contains("not in the jsApiList").contains("getContext");

        // no verify fields, or made-up ones: no handshake signs the call
        assertThat(page.invoke("getContext", JSON.createObjectNode(), PAGE).path("err_msg").asString())
                .isEqualTo("getContext:permission denied");
        assertThat(page.invoke("getContext", verifyFields(verify).put("verifySignature", "0".repeat(40)), PAGE)
                .path("err_msg").asString()).isEqualTo("getContext:permission denied");

        // an API the emulated client does not have
        assertThat(page.invoke("openTheMoon", verifyFields(verify), PAGE).path("err_msg").asString())
                .isEqualTo("openTheMoon:function not exist");

        assertThat(emulator.counters().get("jssdk bridge preVerifyJSAPI ok")).isEqualTo(1);
        assertThat(emulator.counters().get("jssdk bridge call permission denied")).isEqualTo(3);
    }

    @Test
    void aConfigSignedForAnotherUrlOrWithTheAppTicketIsAnInvalidSignature(WeComEmulator emulator) throws Exception {
        Page page = Page.open(emulator, MODERN);
        String ticket = JsSdkStandInTest.ticket(emulator, "/cgi-bin/get_jsapi_ticket", "");
        String agentTicket = JsSdkStandInTest.ticket(emulator, "/cgi-bin/ticket/get", "&type=agent_config");

        JsonNode otherUrl = page.invoke("preVerifyJSAPI", preVerify(ticket, "http://localhost:8080/app/page"), PAGE);
        assertThat(otherUrl.path("err_msg").asString()).isEqualTo("preVerifyJSAPI:invalid signature");
        assertThat(otherUrl.path("err_code").asInt()).isEqualTo(40093);
        assertThat(otherUrl.path("emulator_hint").asString()).contains("url=" + PAGE);

        assertThat(page.invoke("preVerifyJSAPI", preVerify(agentTicket, PAGE), PAGE).path("err_msg").asString())
                .isEqualTo("preVerifyJSAPI:invalid signature");
        assertThat(page.invoke("agentConfig", agentConfig(ticket, PAGE), PAGE).path("err_msg").asString())
                .isEqualTo("agentConfig:invalid signature");
        ObjectNode otherCorp = preVerify(ticket, PAGE).put("verifyAppId", "wwSomeOtherCorp").put("appId", "wwSomeOtherCorp");
        assertThat(page.invoke("preVerifyJSAPI", otherCorp, PAGE).path("err_msg").asString())
                .isEqualTo("preVerifyJSAPI:invalid corpId");
        String evil = "https://evil.example/app/page";
        assertThat(page.invoke("preVerifyJSAPI", preVerify(ticket, evil), evil).path("err_msg").asString())
                .isEqualTo("preVerifyJSAPI:invalid url domain");
        // nothing failed was remembered: no call is allowed
        assertThat(emulator.jsBridge().pages().get(0).handshakes()).isEmpty();
    }

    @Test
    void afterTheUrlChangesCallsNeedAHandshakeForTheNewUrl(WeComEmulator emulator) throws Exception {
        Page page = Page.open(emulator, MODERN);
        String agentTicket = JsSdkStandInTest.ticket(emulator, "/cgi-bin/ticket/get", "&type=agent_config");
        ObjectNode first = agentConfig(agentTicket, PAGE);
        assertThat(page.invoke("agentConfig", first, PAGE).path("err_msg").asString()).isEqualTo("agentConfig:ok");

        String pushed = PAGE + "&step=2"; // what history.pushState leaves in location.href
        JsonNode stale = page.invoke("getContext", agentVerifyFields(first), pushed);
        assertThat(stale.path("err_msg").asString()).isEqualTo("getContext:permission denied");
        assertThat(stale.path("emulator_hint").asString()).contains("URL changed");

        ObjectNode second = agentConfig(agentTicket, pushed);
        assertThat(page.invoke("agentConfig", second, pushed).path("err_msg").asString()).isEqualTo("agentConfig:ok");
        assertThat(page.invoke("getContext", agentVerifyFields(second), pushed).path("err_msg").asString())
                .isEqualTo("getContext:ok");
        assertThat(page.invoke("getContext", agentVerifyFields(first), pushed).path("err_msg").asString())
                .isEqualTo("getContext:permission denied");
    }

    @Test
    void before3024AgentConfigNeedsASuccessfulConfigFirst(WeComEmulator emulator) throws Exception {
        String ticket = JsSdkStandInTest.ticket(emulator, "/cgi-bin/get_jsapi_ticket", "");
        String agentTicket = JsSdkStandInTest.ticket(emulator, "/cgi-bin/ticket/get", "&type=agent_config");

        Page old = Page.open(emulator, "Mozilla/5.0 (iPhone) wxwork/3.0.0 MicroMessenger/7.0.1");
        JsonNode alone = old.invoke("agentConfig", agentConfig(agentTicket, PAGE), PAGE);
        assertThat(alone.path("err_msg").asString()).isEqualTo("agentConfig:permission denied");
        assertThat(alone.path("emulator_hint").asString()).contains("3.0.24");
        assertThat(old.invoke("preVerifyJSAPI", preVerify(ticket, PAGE), PAGE).path("err_msg").asString())
                .isEqualTo("preVerifyJSAPI:ok");
        ObjectNode agent = agentConfig(agentTicket, PAGE);
        assertThat(old.invoke("agentConfig", agent, PAGE).path("err_msg").asString()).isEqualTo("agentConfig:ok");
        assertThat(old.invoke("getContext", agentVerifyFields(agent), PAGE).path("err_msg").asString())
                .isEqualTo("getContext:ok");

        Page boundary = Page.open(emulator, "Mozilla/5.0 wxwork/3.0.24");
        assertThat(boundary.invoke("agentConfig", agentConfig(agentTicket, PAGE), PAGE).path("err_msg").asString())
                .isEqualTo("agentConfig:ok");

        Page ancient = Page.open(emulator, "Mozilla/5.0 wxwork/2.4.99");
        assertThat(ancient.invoke("agentConfig", agentConfig(agentTicket, PAGE), PAGE).path("err_msg").asString())
                .isEqualTo("agentConfig:function not exist");
    }

    @Test
    void eventsFiredThroughTheControlApiReachThePagesPoll(WeComEmulator emulator) throws Exception {
        Page listening = Page.open(emulator, MODERN);
        Page other = Page.open(emulator, MODERN);
        CompletableFuture<JsonNode> poll = listening.pollAsync(0, 25);

        JsonNode fired = post(emulator, "/_emulator/jssdk/events",
                "{\"name\":\"onNetworkStatusChange\",\"data\":{\"isConnected\":true,\"networkType\":\"4g\"},"
                        + "\"page\":\"" + listening.id + "\"}");
        assertThat(fired.path("pages").asInt()).isEqualTo(1);
        JsonNode events = poll.get(10, TimeUnit.SECONDS).path("events");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("name").asString()).isEqualTo("onNetworkStatusChange");
        assertThat(events.get(0).path("data").path("networkType").asString()).isEqualTo("4g");
        assertThat(other.pollAsync(0, 0).get(10, TimeUnit.SECONDS).path("events")).isEmpty();

        // to every page; a poll that already saw seq 1 gets only what is new
        assertThat(post(emulator, "/_emulator/jssdk/events", "{\"name\":\"historyBack\"}").path("pages").asInt()).isEqualTo(2);
        JsonNode next = listening.pollAsync(events.get(0).path("seq").asLong(), 0).get(10, TimeUnit.SECONDS).path("events");
        assertThat(next).singleElement().satisfies(e -> assertThat(e.path("name").asString()).isEqualTo("historyBack"));

        assertThat(post(emulator, "/_emulator/jssdk/events", "{\"name\":\"bad name!\"}").path("errcode").asInt()).isEqualTo(40035);
        assertThat(post(emulator, "/_emulator/jssdk/events", "{\"data\":{}}").path("errcode").asInt()).isEqualTo(40035);
    }

    @Test
    void aResetReleasesWaitingPollsAndForgetsPages(WeComEmulator emulator) throws Exception {
        Page page = Page.open(emulator, MODERN);
        CompletableFuture<HttpResponse<String>> poll = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(emulator.baseUri()
                + "/_emulator/jssdk/bridge/events?page=" + page.id + "&after=0")).GET().build(), HttpResponse.BodyHandlers.ofString());
        emulator.reset();
        assertThat(poll.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
        assertThat(emulator.jsBridge().pages()).isEmpty();
        JsonNode gone = page.invoke("getContext", JSON.createObjectNode(), PAGE);
        assertThat(gone.path("err_msg").asString()).isEqualTo("getContext:fail");
        assertThat(gone.path("emulator_hint").asString()).contains("reload");
    }

    @Test
    void thePagesListingShowsHandshakesAndCallsButBadInputIsRefused(WeComEmulator emulator) throws Exception {
        Page page = Page.open(emulator, MODERN);
        String ticket = JsSdkStandInTest.ticket(emulator, "/cgi-bin/get_jsapi_ticket", "");
        ObjectNode verify = preVerify(ticket, PAGE);
        page.invoke("preVerifyJSAPI", verify, PAGE);
        page.invoke("getContext", verifyFields(verify), PAGE);

        JsonNode listed = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/jssdk/pages"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body()).path("pages").get(0);
        assertThat(listed.path("client").asString()).isEqualTo("4.1.36");
        assertThat(listed.path("handshakes").get(0).path("api").asString()).isEqualTo("preVerifyJSAPI");
        assertThat(listed.path("handshakes").get(0).path("url").asString()).isEqualTo(PAGE);
        assertThat(listed.path("calls").findValuesAsString("err_msg")).containsExactly("preVerifyJSAPI:ok", "getContext:ok");
        assertThat(listed.toString()).doesNotContain(ticket);

        HttpResponse<String> garbage = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/jssdk/bridge/invoke"))
                .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        HttpResponse<String> huge = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/jssdk/bridge/invoke"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(70_000) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(400);
        HttpResponse<String> unknownPage = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri()
                + "/_emulator/jssdk/bridge/events?page=nope&after=0")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknownPage.statusCode()).isEqualTo(404);
    }

    // --- what @wecom/jssdk 2.x passes to WeixinJSBridge.invoke, signed here with the emulator's own algorithm ---

    static ObjectNode preVerify(String ticket, String signedUrl) {
        ObjectNode p = JSON.createObjectNode();
        p.put("appId", DemoCorp.CORP_ID);
        p.set("verifyJsApiList", JSON.valueToTree(JS_API_LIST));
        p.set("verifyOpenTagList", JSON.createArrayNode());
        p.put("verifyAppId", DemoCorp.CORP_ID);
        p.put("verifySignType", "sha1");
        p.put("verifyTimestamp", "1700000000");
        p.put("verifyNonceStr", "abcDEF123");
        p.put("verifySignature", ConfigCheck.signature(ticket, "abcDEF123", "1700000000", signedUrl));
        return p;
    }

    static ObjectNode agentConfig(String ticket, String signedUrl) {
        String nonce = "n" + Integer.toHexString(signedUrl.hashCode());
        ObjectNode p = JSON.createObjectNode();
        p.put("corpid", DemoCorp.CORP_ID);
        p.put("agentid", String.valueOf(DemoCorp.APPROVALS_AGENT_ID));
        p.put("timestamp", "1700000001");
        p.put("nonceStr", nonce);
        p.put("signature", ConfigCheck.signature(ticket, nonce, "1700000001", signedUrl));
        p.set("jsApiList", JSON.valueToTree(JS_API_LIST));
        return p;
    }

    /** What the SDK adds to every later call when the corp config signs it. */
    static ObjectNode verifyFields(ObjectNode preVerify) {
        ObjectNode p = JSON.createObjectNode();
        for (String f : List.of("appId", "verifyAppId", "verifySignType", "verifyTimestamp", "verifyNonceStr", "verifySignature")) {
            p.set(f, preVerify.get(f));
        }
        return p;
    }

    /** What the SDK adds to every later call when the agent config signs it. */
    static ObjectNode agentVerifyFields(ObjectNode agentConfig) {
        ObjectNode p = JSON.createObjectNode();
        p.put("appId", agentConfig.path("corpid").asString());
        p.put("verifyAppId", agentConfig.path("corpid").asString());
        p.put("verifySignType", "sha1");
        p.put("verifyTimestamp", agentConfig.path("timestamp").asString());
        p.put("verifyNonceStr", agentConfig.path("nonceStr").asString());
        p.put("verifySignature", agentConfig.path("signature").asString());
        return p;
    }

    static HttpResponse<String> script(WeComEmulator emulator, String userAgent) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/jssdk/bridge.js"))
                .header("User-Agent", userAgent).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode post(WeComEmulator emulator, String path, String body) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** One page opened in the emulated client: what bridge.js does, over HTTP. */
    record Page(WeComEmulator emulator, String id) {
        static final Pattern ID = Pattern.compile("var PAGE = '([A-Za-z0-9_-]+)'");

        static Page open(WeComEmulator emulator, String userAgent) throws Exception {
            Matcher m = ID.matcher(script(emulator, userAgent).body());
            assertThat(m.find()).as("bridge.js names its page").isTrue();
            return new Page(emulator, m.group(1));
        }

        JsonNode invoke(String name, ObjectNode params, String href) throws Exception {
            ObjectNode body = JSON.createObjectNode();
            body.put("page", id);
            body.put("href", href);
            body.put("name", name);
            body.set("params", params);
            return JsSdkStandInTest.postAsPage(emulator, "/_emulator/jssdk/bridge/invoke", body);
        }

        CompletableFuture<JsonNode> pollAsync(long after, int waitSeconds) {
            return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/_emulator/jssdk/bridge/events?page="
                            + id + "&after=" + after + "&wait=" + waitSeconds)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).thenApply(r -> JSON.readTree(r.body()));
        }
    }
}
