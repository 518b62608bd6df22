package io.github.wecom4j.emulator.login;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator's login pages and code exchange, over real HTTP with a plain client (no SDK: the
 * emulator is checked against WeCom's documented behaviour, not against our client).
 */
@WeComEmulatorTest
class LoginEmulationTest {

    private static final String CALLBACK = "http://localhost:8080/login/callback";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void redirectUriOutsideTheTrustedDomainGetsAnErrorPageAndNoCode(WeComEmulator wecom) throws Exception {
        for (String page : new String[]{authorize("https://evil.example/cb", "snsapi_base", "s1", DemoCorp.APPROVALS_AGENT_ID),
                qrLogin("https://evil.example/cb", "s1"), qrLogin("http://127.0.0.1:8080/cb", "s1")}) {
            HttpResponse<String> r = get(wecom, page + "&pick=lisi");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).isEmpty();
            assertThat(r.body()).contains("可信域名").contains("not the trusted domain of app 1000002");
        }
        assertThat(wecom.loginCodes().outstandingCodes()).isZero();
    }

    @Test
    void aTrustedDomainWithAPortMustMatchThePortToo() {
        // doc 91022 (found by an independent client): "localhost" does not trust localhost:1234
        assertThat(LoginPages.trusted("localhost", URI.create("http://localhost:1234/x"))).isFalse();
        assertThat(LoginPages.trusted("LocalHost", URI.create("http://localhost/x"))).isTrue();
        assertThat(LoginPages.trusted("app.example.com:8443", URI.create("https://app.example.com:8443/x"))).isTrue();
        assertThat(LoginPages.trusted("app.example.com:8443", URI.create("https://app.example.com/x"))).isFalse();
        assertThat(LoginPages.trusted("app.example.com", URI.create("https://evil.app.example.com/x"))).isFalse();
    }

    @Test
    void wrongAppidOrAgentidIsRefused(WeComEmulator wecom) throws Exception {
        String ok = authorize(CALLBACK, "snsapi_base", "s", DemoCorp.APPROVALS_AGENT_ID);
        assertThat(get(wecom, ok.replace(DemoCorp.CORP_ID, "wwOtherCorp")).body()).contains("invalid appid");
        assertThat(get(wecom, ok.replace("agentid=1000002", "agentid=999")).body()).contains("invalid agentid");
        assertThat(get(wecom, ok.replace("snsapi_base", "snsapi_privateinfo").replace("&agentid=1000002", "")).body())
                .contains("agentid is required");
        assertThat(get(wecom, ok.replace("snsapi_base", "snsapi_userinfo")).statusCode()).isEqualTo(400);
        assertThat(get(wecom, qrLogin(CALLBACK, "s").replace("CorpApp", "ServiceApp")).body()).contains("login_type");
        assertThat(get(wecom, authorize(CALLBACK, "snsapi_base", "s".repeat(129), DemoCorp.APPROVALS_AGENT_ID)).body())
                .contains("state must be at most 128");
        assertThat(get(wecom, authorize(CALLBACK, "snsapi_base", "s", DemoCorp.APPROVALS_AGENT_ID) + "&pick=zhouba").body())
                .contains("no active member &#39;zhouba&#39;"); // HTML-escaped
        assertThat(wecom.loginCodes().outstandingCodes()).isZero();
    }

    @Test
    void thePageOffersActiveMembersAndAVisitor(WeComEmulator wecom) throws Exception {
        HttpResponse<String> page = get(wecom, authorize(CALLBACK, "snsapi_base", "s", DemoCorp.APPROVALS_AGENT_ID));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"pick-lisi\"", "id=\"pick-visitor\"", "李四")
                .doesNotContain("pick-zhouba"); // zhouba is disabled (status 2)
        assertThat(get(wecom, qrLogin(CALLBACK, "s")).body()).contains("id=\"pick-wangwu\"", "id=\"deny\"");
    }

    @Test
    void pickingRedirectsWithCodeAndStateAppendedToTheRedirectQuery(WeComEmulator wecom) throws Exception {
        HttpResponse<String> r = get(wecom, authorize("http://localhost:8080/cb?x=1#top", "snsapi_base", "abc123",
                DemoCorp.APPROVALS_AGENT_ID) + "&pick=lisi");
        assertThat(r.statusCode()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("http://localhost:8080/cb\\?x=1&code=[A-Za-z0-9_-]{43}&state=abc123#top");
    }

    @Test
    void snsapiBaseNeedsNoAgentidAndItsCodeServesAnyAppOfTheCorp(WeComEmulator wecom) throws Exception {
        // doc 91022: agentid is required for snsapi_privateinfo only (an independent client got HTTP 400)
        String page = authorize(CALLBACK, "snsapi_base", "s", DemoCorp.APPROVALS_AGENT_ID).replace("&agentid=1000002", "");
        assertThat(get(wecom, page).statusCode()).isEqualTo(200);
        String code = pickCode(wecom, page, "lisi");
        assertThat(getUserInfo(wecom, DemoCorp.CONTACTS_SECRET, code).path("errcode").asInt()).isEqualTo(40029);
        assertThat(getUserInfo(wecom, DemoCorp.NOTICES_SECRET, code).path("userid").asString()).isEqualTo("lisi");
        // still only onto a trusted domain, port included
        HttpResponse<String> off = get(wecom, authorize("http://localhost:9090/cb", "snsapi_base", "s", 1)
                .replace("&agentid=1", "") + "&pick=lisi");
        assertThat(off.statusCode()).isEqualTo(400);
        assertThat(off.body()).contains("localhost:9090 is not the trusted domain of any app");
    }

    @Test
    void aCodeIsSingleUse(WeComEmulator wecom) throws Exception {
        String code = pickCode(wecom, authorize(CALLBACK, "snsapi_base", "s", DemoCorp.APPROVALS_AGENT_ID), "lisi");
        JsonNode first = getUserInfo(wecom, DemoCorp.APPROVALS_SECRET, code);
        assertThat(first.path("errcode").asInt()).isZero();
        assertThat(first.path("userid").asString()).isEqualTo("lisi");
        assertThat(first.has("user_ticket")).isFalse();
        assertThat(getUserInfo(wecom, DemoCorp.APPROVALS_SECRET, code).path("errcode").asInt()).isEqualTo(40029);
    }

    @Test
    void aCodeDiesAfterFiveMinutesOnTheVirtualClock(WeComEmulator wecom) throws Exception {
        String page = authorize(CALLBACK, "snsapi_base", "s", DemoCorp.APPROVALS_AGENT_ID);
        String young = pickCode(wecom, page, "lisi");
        String old = pickCode(wecom, page, "wangwu");
        wecom.clock().advance(Duration.ofSeconds(299));
        assertThat(getUserInfo(wecom, DemoCorp.APPROVALS_SECRET, young).path("userid").asString()).isEqualTo("lisi");
        wecom.clock().advance(Duration.ofSeconds(2));
        assertThat(getUserInfo(wecom, DemoCorp.APPROVALS_SECRET, old).path("errcode").asInt()).isEqualTo(40029);
    }

    @Test
    void aCodeWorksOnlyForTheAppItWasIssuedFor(WeComEmulator wecom) throws Exception {
        String code = pickCode(wecom, authorize(CALLBACK, "snsapi_base", "s", DemoCorp.APPROVALS_AGENT_ID), "lisi");
        assertThat(getUserInfo(wecom, DemoCorp.NOTICES_SECRET, code).path("errcode").asInt()).isEqualTo(40029);
        assertThat(getUserInfo(wecom, DemoCorp.CONTACTS_SECRET, code).path("errcode").asInt()).isEqualTo(40029);
        assertThat(getUserInfo(wecom, DemoCorp.APPROVALS_SECRET, code).path("userid").asString()).isEqualTo("lisi");
    }

    @Test
    void privateInfoYieldsATicketForTheDetailWithWeComsTicketRules(WeComEmulator wecom) throws Exception {
        String code = pickCode(wecom, authorize(CALLBACK, "snsapi_privateinfo", "s", DemoCorp.APPROVALS_AGENT_ID), "zhaoliu");
        JsonNode who = getUserInfo(wecom, DemoCorp.APPROVALS_SECRET, code);
        String ticket = who.path("user_ticket").asString();
        assertThat(ticket).isNotEmpty();
        assertThat(who.path("expires_in").asInt()).isEqualTo(1800);

        JsonNode detail = getUserDetail(wecom, DemoCorp.APPROVALS_SECRET, ticket);
        assertThat(detail.path("errcode").asInt()).isZero();
        assertThat(detail.path("userid").asString()).isEqualTo("zhaoliu");
        assertThat(detail.path("gender").isString()).isTrue();
        assertThat(detail.path("gender").asString()).isEqualTo("2");
        assertThat(detail.path("email").asString()).isEqualTo("zhaoliu@demo.example");

        assertThat(getUserDetail(wecom, DemoCorp.NOTICES_SECRET, ticket).path("errcode").asInt()).isEqualTo(84015);
        assertThat(getUserDetail(wecom, DemoCorp.APPROVALS_SECRET, "forged").path("errcode").asInt()).isEqualTo(84015);
        assertThat(getUserDetail(wecom, DemoCorp.APPROVALS_SECRET, "").path("errcode").asInt()).isEqualTo(84015);
        wecom.clock().advance(Duration.ofSeconds(1801));
        assertThat(getUserDetail(wecom, DemoCorp.APPROVALS_SECRET, ticket).path("errcode").asInt()).isEqualTo(84014);
    }

    @Test
    void aVisitorGetsAnOpenidAndTheLegacyPathUsesCapitalizedKeys(WeComEmulator wecom) throws Exception {
        String page = qrLogin(CALLBACK, "s");
        String visitor = codeOf(get(wecom, page + "&visitor=1"));
        JsonNode v = getUserInfo(wecom, DemoCorp.APPROVALS_SECRET, visitor);
        assertThat(v.path("openid").asString()).isEqualTo(LoginPages.VISITOR_OPENID);
        assertThat(v.has("userid")).isFalse();

        String member = pickCode(wecom, page, "sunqi");
        JsonNode legacy = get(wecom, "/cgi-bin/user/getuserinfo?access_token=" + token(wecom, DemoCorp.APPROVALS_SECRET)
                + "&code=" + member).body().transform(json::readTree);
        assertThat(legacy.path("UserId").asString()).isEqualTo("sunqi");
    }

    @Test
    void aRefusedQrLoginComesBackWithTheStateOnly(WeComEmulator wecom) throws Exception {
        HttpResponse<String> r = get(wecom, qrLogin(CALLBACK, "st8") + "&deny=1");
        assertThat(r.headers().firstValue("Location")).contains(CALLBACK + "?state=st8");
        String legacy = "/wwopen/sso/qrConnect?appid=" + DemoCorp.CORP_ID + "&agentid=1000003&redirect_uri="
                + enc(CALLBACK) + "&state=x";
        String code = pickCode(wecom, legacy, "lisi");
        assertThat(getUserInfo(wecom, DemoCorp.NOTICES_SECRET, code).path("userid").asString()).isEqualTo("lisi");
    }

    // --- helpers -------------------------------------------------------------------------------

    private static String authorize(String redirect, String scope, String state, int agentId) {
        return "/connect/oauth2/authorize?appid=" + DemoCorp.CORP_ID + "&redirect_uri=" + enc(redirect)
                + "&response_type=code&scope=" + scope + "&state=" + state + "&agentid=" + agentId;
    }

    private static String qrLogin(String redirect, String state) {
        return "/wwlogin/sso/login?login_type=CorpApp&appid=" + DemoCorp.CORP_ID + "&agentid=" + DemoCorp.APPROVALS_AGENT_ID
                + "&redirect_uri=" + enc(redirect) + "&state=" + state;
    }

    private String pickCode(WeComEmulator wecom, String page, String userId) throws Exception {
        return codeOf(get(wecom, page + "&pick=" + userId));
    }

    private static String codeOf(HttpResponse<String> redirect) {
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        Map<String, String> q = io.github.wecom4j.emulator.http.EmulatorRequest.parseQuery(URI.create(location).getRawQuery());
        return q.get("code");
    }

    private JsonNode getUserInfo(WeComEmulator wecom, String secret, String code) throws Exception {
        return json.readTree(get(wecom, "/cgi-bin/auth/getuserinfo?access_token=" + token(wecom, secret)
                + "&code=" + enc(code)).body());
    }

    private JsonNode getUserDetail(WeComEmulator wecom, String secret, String ticket) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(wecom.baseUri().resolve("/cgi-bin/auth/getuserdetail?access_token="
                        + token(wecom, secret)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_ticket\":\"" + ticket + "\"}")).build();
        return json.readTree(http.send(post, HttpResponse.BodyHandlers.ofString()).body());
    }

    private String token(WeComEmulator wecom, String secret) throws Exception {
        return json.readTree(get(wecom, "/cgi-bin/gettoken?corpid=" + DemoCorp.CORP_ID + "&corpsecret=" + secret).body())
                .path("access_token").asString();
    }

    private HttpResponse<String> get(WeComEmulator wecom, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(wecom.baseUri() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
