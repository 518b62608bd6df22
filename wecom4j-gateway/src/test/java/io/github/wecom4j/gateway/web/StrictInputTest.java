package io.github.wecom4j.gateway.web;

import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON from callers is read strictly: a repeated key or a fraction where WeCom wants an integer is
 * refused with 400, never resolved by a guess (last key wins, 1000002.7 read as 1000002).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class StrictInputTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header(ApiKeys.HEADER, apiKeys.demoKey())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long stored() {
        return jdbc.queryForObject("select count(*) from message_outbox", Long.class);
    }

    private static JsonNode refused(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.path("hint").asString()).isNotBlank();
        return json;
    }

    @Test
    void aRepeatedKeyIsRefused() throws Exception {
        // Counted in the outbox, not in WeCom's send counter: the other test's accepted message may
        // still be on its way to WeCom while this one runs.
        long storedBefore = stored();
        JsonNode json = refused(post("/api/messages", "{\"touser\":\"lisi\",\"touser\":\"@all\",\"msgtype\":\"text\","
                + "\"text\":{\"content\":\"hi\"}}"));
        assertThat(json.path("errcode").asInt()).isEqualTo(40058);
        assertThat(json.path("errmsg").asString()).contains("repeats a key");
        assertThat(stored()).as("nothing stored, so nothing will be sent").isEqualTo(storedBefore);
        // the same rule for bodies Spring reads
        assertThat(refused(post("/api/jssdk/diagnose", "{\"api\":\"config\",\"api\":\"agentConfig\",\"url\":\"http://localhost/\"}"))
                .path("errcode").asInt()).isEqualTo(40058);
    }

    @Test
    void aFractionIsNotAnAgentid() throws Exception {
        JsonNode json = refused(post("/api/messages", "{\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID + ".7,\"touser\":\"lisi\","
                + "\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}}"));
        assertThat(json.path("errmsg").asString()).contains("agentid must be a whole number");
        refused(post("/api/messages", "{\"safe\":0.5,\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}}"));
        refused(post("/api/jssdk/diagnose", "{\"api\":\"agentConfig\",\"errMsg\":\"agentConfig:permission denied\","
                + "\"url\":\"http://localhost/\",\"agentId\":" + DemoCorp.APPROVALS_AGENT_ID + ".7}"));
        // a whole number still works
        assertThat(post("/api/messages", "{\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID + ",\"touser\":\"lisi\","
                + "\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}}").statusCode()).isEqualTo(202);
    }
}
