package io.github.wecom4j.gateway;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-run mode, over real HTTP: no credentials, so the gateway runs on its embedded emulator
 * and database, and its console shows the corp without leaking a secret or a token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EmulatedGatewayTest {

    @LocalServerPort
    int port;

    @Autowired
    WeComEmulator emulator;

    @Autowired
    WeComClient wecom;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void freshEmulator() {
        emulator.faults().clear();
    }

    @Test
    void startsOnTheEmbeddedEmulatorAndSaysSo() throws Exception {
        String state = get("/api/console/state").body();
        assertThat(state).contains("\"emulated\":true").contains(DemoCorp.CORP_ID)
                .contains("EMULATED WeCom").contains(String.valueOf(DemoCorp.APPROVALS_AGENT_ID));
        assertThat(wecom.config().hosts().api()).isEqualTo(emulator.baseUri());
    }

    @Test
    void theDemoAppsTrustExactlyTheHostAndPortTheGatewayIsOpenedOn() throws Exception {
        // WeCom matches the trusted domain exactly, port included (doc 91022)
        assertThat(emulator.corp().apps()).allSatisfy(a -> assertThat(a.trustedDomain()).isEqualTo("localhost:" + port));
        HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String authorize = emulator.baseUri() + "/connect/oauth2/authorize?appid=" + DemoCorp.CORP_ID
                + "&response_type=code&scope=snsapi_base&state=s&agentid=" + DemoCorp.APPROVALS_AGENT_ID + "&pick=lisi&redirect_uri=";
        HttpResponse<String> here = noRedirects.send(HttpRequest.newBuilder(URI.create(authorize
                + java.net.URLEncoder.encode("http://localhost:" + port + "/login/callback", java.nio.charset.StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(here.statusCode()).isEqualTo(302);
        HttpResponse<String> otherPort = noRedirects.send(HttpRequest.newBuilder(URI.create(authorize
                + java.net.URLEncoder.encode("http://localhost:" + (port + 1) + "/login/callback", java.nio.charset.StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(otherPort.statusCode()).isEqualTo(400);
    }

    @Test
    void consoleShowsTokenStateButNeverTokensOrSecrets() throws Exception {
        HttpResponse<String> refreshed = post("/api/console/tokens/refresh");
        assertThat(refreshed.statusCode()).isEqualTo(200);
        String state = get("/api/console/state").body();
        assertThat(state).contains("\"cached\":true");
        String token = wecom.app(DemoCorp.APPROVALS_AGENT_ID).api().accessToken();
        wecom.app(DemoCorp.APPROVALS_AGENT_ID).jssdk().config("http://localhost/page");
        state = get("/api/console/state").body();
        String ticket = emulator.jsApiTickets().valid(DemoCorp.CORP_ID, DemoCorp.APPROVALS_AGENT_ID,
                io.github.wecom4j.emulator.jssdk.JsApiTicketAuthority.Kind.JSAPI).orElseThrow().value();
        assertThat(state).contains("jsapi_ticket").doesNotContain(ticket);
        assertThat(state).doesNotContain(token)
                .doesNotContain(DemoCorp.APPROVALS_SECRET)
                .doesNotContain(DemoCorp.NOTICES_SECRET)
                .doesNotContain(DemoCorp.CONTACTS_SECRET);
    }

    @Test
    void weComRefusalBecomesATypedErrorWithoutStackTrace() throws Exception {
        emulator.faults().failNext(1, 60011, "/cgi-bin/department/list");
        HttpResponse<String> response = post("/api/console/tokens/refresh");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"errcode\":60011").contains("\"hint\"")
                .doesNotContain("Exception").doesNotContain("at io.github");
    }

    @Test
    void aMalformedParameterIsA400WithAnErrcodeNotAStackTrace() throws Exception {
        HttpResponse<String> typed = get("/wecom/callback/not-a-number?msg_signature=a&timestamp=1&nonce=1&echostr=x");
        assertThat(typed.statusCode()).isEqualTo(400);
        assertThat(typed.body()).contains("\"errcode\":40035").doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void consolePageAndHealthAreServed() throws Exception {
        assertThat(get("/").body()).contains("wecom4j gateway").contains("console.js");
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        // details (db, credentials) only with an API key: FirstRunExposureTest
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
