package io.github.wecom4j.emulator.jssdk;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The two ticket APIs over HTTP: shapes, lifetime on the virtual clock, scope, and WeCom's hourly limits. */
class JsApiTicketRoutesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    WeComEmulator emulator;

    @BeforeEach
    void start() {
        List<EmulatedApp> apps = new ArrayList<>(DemoCorp.create().apps());
        for (int i = 1; i <= 3; i++) {
            apps.add(new EmulatedApp(1000010 + i, "extra " + i, "extra-secret-" + i, "localhost", null, null, null));
        }
        EmulatedCorp demo = DemoCorp.create();
        EmulatedCorp corp = new EmulatedCorp(demo.corpId(), demo.name(), demo.contactsSecret(), demo.departments(),
                demo.members(), apps);
        emulator = WeComEmulator.builder().corp(corp).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void bothTicketsHaveWeComsShapeAndLiveTwoHours() throws Exception {
        String token = token(DemoCorp.APPROVALS_SECRET);
        JsonNode jsapi = get("/cgi-bin/get_jsapi_ticket?access_token=" + token);
        JsonNode agent = get("/cgi-bin/ticket/get?access_token=" + token + "&type=agent_config");
        for (JsonNode t : List.of(jsapi, agent)) {
            assertThat(t.path("errcode").asInt()).isZero();
            assertThat(t.path("errmsg").asString()).isEqualTo("ok");
            assertThat(t.path("ticket").asString()).hasSizeGreaterThan(40);
            assertThat(t.path("expires_in").asLong()).isEqualTo(7200);
        }
        assertThat(jsapi.path("ticket").asString()).isNotEqualTo(agent.path("ticket").asString());

        emulator.clock().advance(Duration.ofSeconds(1000));
        JsonNode again = get("/cgi-bin/get_jsapi_ticket?access_token=" + token);
        assertThat(again.path("ticket").asString()).isEqualTo(jsapi.path("ticket").asString());
        assertThat(again.path("expires_in").asLong()).isBetween(6190L, 6200L); // real time runs on under the offset

        emulator.clock().advance(Duration.ofSeconds(6200));
        String freshToken = token(DemoCorp.APPROVALS_SECRET);
        JsonNode renewed = get("/cgi-bin/get_jsapi_ticket?access_token=" + freshToken);
        assertThat(renewed.path("ticket").asString()).isNotEqualTo(jsapi.path("ticket").asString());
        assertThat(renewed.path("expires_in").asLong()).isEqualTo(7200);
        assertThat(emulator.jsApiTickets().valid(DemoCorp.CORP_ID, DemoCorp.APPROVALS_AGENT_ID,
                JsApiTicketAuthority.Kind.JSAPI).orElseThrow().value()).isEqualTo(renewed.path("ticket").asString());
    }

    @Test
    void eachAppHasItsOwnTickets() throws Exception {
        String a = get("/cgi-bin/get_jsapi_ticket?access_token=" + token(DemoCorp.APPROVALS_SECRET)).path("ticket").asString();
        String b = get("/cgi-bin/get_jsapi_ticket?access_token=" + token(DemoCorp.NOTICES_SECRET)).path("ticket").asString();
        assertThat(a).isNotEqualTo(b);
        assertThat(emulator.jsApiTickets().validInCorp(DemoCorp.CORP_ID, JsApiTicketAuthority.Kind.JSAPI)).hasSize(2);
    }

    @Test
    void wrongTypeContactsTokenAndBadTokenAreRefused() throws Exception {
        String token = token(DemoCorp.APPROVALS_SECRET);
        assertThat(get("/cgi-bin/ticket/get?access_token=" + token).path("errcode").asInt()).isEqualTo(40058);
        assertThat(get("/cgi-bin/ticket/get?access_token=" + token + "&type=jsapi").path("errcode").asInt()).isEqualTo(40058);
        assertThat(get("/cgi-bin/get_jsapi_ticket?access_token=" + token(DemoCorp.CONTACTS_SECRET)).path("errcode").asInt())
                .isEqualTo(48002);
        assertThat(get("/cgi-bin/get_jsapi_ticket?access_token=nope").path("errcode").asInt()).isEqualTo(40014);
        assertThat(get("/cgi-bin/get_jsapi_ticket").path("errcode").asInt()).isEqualTo(41001);
    }

    @Test
    void perAppLimitIsAHundredFetchesAnHourThen45009ForAnHour() throws Exception {
        String approvals = token(DemoCorp.APPROVALS_SECRET);
        for (int i = 0; i < 100; i++) {
            assertThat(get("/cgi-bin/get_jsapi_ticket?access_token=" + approvals).path("errcode").asInt()).isZero();
        }
        JsonNode refused = get("/cgi-bin/get_jsapi_ticket?access_token=" + approvals);
        assertThat(refused.path("errcode").asInt()).isEqualTo(45009);
        assertThat(refused.path("errmsg").asString()).startsWith("api freq out of limit");
        // the app's other ticket and another app are counted apart
        assertThat(get("/cgi-bin/ticket/get?access_token=" + approvals + "&type=agent_config").path("errcode").asInt()).isZero();
        assertThat(get("/cgi-bin/get_jsapi_ticket?access_token=" + token(DemoCorp.NOTICES_SECRET)).path("errcode").asInt()).isZero();

        emulator.clock().advance(Duration.ofMinutes(61));
        String renewed = token(DemoCorp.APPROVALS_SECRET);
        assertThat(get("/cgi-bin/get_jsapi_ticket?access_token=" + renewed).path("errcode").asInt()).isZero();
    }

    @Test
    void perCorpLimitIsFourHundredFetchesAnHour() throws Exception {
        List<String> tokens = List.of(token(DemoCorp.APPROVALS_SECRET), token(DemoCorp.NOTICES_SECRET),
                token("extra-secret-1"), token("extra-secret-2"));
        for (String t : tokens) {
            for (int i = 0; i < 100; i++) {
                assertThat(get("/cgi-bin/get_jsapi_ticket?access_token=" + t).path("errcode").asInt()).isZero();
            }
        }
        String fifth = token("extra-secret-3");
        assertThat(get("/cgi-bin/get_jsapi_ticket?access_token=" + fifth).path("errcode").asInt()).isEqualTo(45009);
        assertThat(emulator.counters().get("ticket freq limited JSAPI")).isEqualTo(1);
    }

    private String token(String secret) throws Exception {
        return get("/cgi-bin/gettoken?corpid=" + DemoCorp.CORP_ID + "&corpsecret=" + secret).path("access_token").asString();
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
