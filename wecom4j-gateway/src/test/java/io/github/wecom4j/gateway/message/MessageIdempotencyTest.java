package io.github.wecom4j.gateway.message;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.gateway.web.ApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/messages} with an {@code Idempotency-Key}: a caller that lost the answer sends
 * again and gets the same message, not a second one; a key reused for another body is a conflict.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MessageIdempotencyTest {

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    IdempotencyKeys keys;

    @Autowired
    WeComEmulator emulator;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> post(String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/messages"))
                .header("Content-Type", "application/json").header(ApiKeys.HEADER, apiKeys.demoKey())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String text(String content) {
        return "{\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}";
    }

    private int messages() {
        return jdbc.queryForObject("select count(*) from message_outbox", Integer.class);
    }

    @Test
    void theSameKeyAndBodyGetTheFirstAnswerAndNoSecondMessage() throws Exception {
        String key = UUID.randomUUID().toString();
        int before = messages();
        HttpResponse<String> first = post(key, text("deploy finished"));
        assertThat(first.statusCode()).isEqualTo(202);
        // the same JSON, formatted differently: the same request
        HttpResponse<String> again = post(key, text("deploy finished").replace(",", ", ").replace(":", ": "));
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(messages()).isEqualTo(before + 1);
        // stored for the corp this gateway serves
        assertThat(jdbc.queryForObject("select corp_id from message_idempotency where idem_key = ?", String.class, key))
                .isEqualTo(DemoCorp.CORP_ID);
        // without a key, every POST is a new message (as before)
        post(null, text("no key"));
        post(null, text("no key"));
        assertThat(messages()).isEqualTo(before + 3);
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflict() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(post(key, text("first")).statusCode()).isEqualTo(202);
        int before = messages();
        HttpResponse<String> other = post(key, text("second"));
        assertThat(other.statusCode()).isEqualTo(409);
        JsonNode json = GatewayHttp.JSON.readTree(other.body());
        assertThat(json.path("errcode").asInt()).isEqualTo(409);
        assertThat(json.path("errmsg").asString()).contains(key);
        assertThat(json.path("hint").asString()).contains("same body");
        assertThat(messages()).isEqualTo(before);
    }

    @Test
    void keysAreBounded() throws Exception {
        assertThat(post("k".repeat(256), text("long key")).statusCode()).isEqualTo(400);
        assertThat(post("with space", text("odd key")).statusCode()).isEqualTo(400);
        assertThat(post("k".repeat(255), text("longest key")).statusCode()).isEqualTo(202);
    }

    @Test
    void concurrentRepeatsMakeOneMessage() throws Exception {
        String key = UUID.randomUUID().toString();
        int before = messages();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit((Callable<HttpResponse<String>>) () -> post(key, text("at once"))));
            }
            Set<String> ids = answers.stream().map(f -> {
                try {
                    HttpResponse<String> r = f.get();
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                    return GatewayHttp.JSON.readTree(r.body()).path("id").asString();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(messages()).isEqualTo(before + 1);
    }

    @Test
    void keysAreForgottenAfterTheRetention() throws Exception {
        String key = UUID.randomUUID().toString();
        String firstId = GatewayHttp.JSON.readTree(post(key, text("yesterday")).body()).path("id").asString();
        emulator.clock().advance(Duration.ofHours(25));
        assertThat(keys.sweep()).isPositive();
        HttpResponse<String> later = post(key, text("today"));
        assertThat(later.statusCode()).isEqualTo(202);
        assertThat(GatewayHttp.JSON.readTree(later.body()).path("id").asString()).isNotEqualTo(firstId);
    }
}
