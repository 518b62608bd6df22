package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.web.ApiKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MessageIntakeFilter}: {@code POST /api/messages} answered without Spring MVC must answer
 * exactly as Spring MVC does. Each case is sent twice, once the plain way (the filter answers) and
 * once with an Accept header the filter leaves to Spring MVC, and the two answers are compared:
 * status, body and the headers a caller reads. A 202 is checked against the database (committed).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "gateway.limits.message-body=4KB")
@ActiveProfiles("test")
class MessageIntakeFilterTest {

    /** Not "plain" for the filter (two media types), so the request goes through Spring MVC. */
    private static final String MVC_ACCEPT = "application/json, */*";
    private static final String TEXT = "{\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"hello\"}}";
    private static final List<String> HEADERS = List.of("content-type", "idempotent-replayed", "retry-after", "connection", "allow");

    /** The URLs the DispatcherServlet handled: a request the filter answered never gets there. */
    @TestConfiguration
    static class HandledByMvc {
        final List<String> urls = Collections.synchronizedList(new ArrayList<>());

        @EventListener
        void handled(ServletRequestHandledEvent e) {
            urls.add(e.getMethod() + " " + e.getRequestUrl());
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    HandledByMvc mvc;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private record Answer(int status, String body, Map<String, List<String>> headers) {
    }

    private Answer post(String accept, String apiKey, String idempotencyKey, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/messages"))
                .header("Content-Type", "application/json").POST(body);
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (apiKey != null) {
            b.header(ApiKeys.HEADER, apiKey);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, List<String>> headers = r.headers().map().entrySet().stream()
                .filter(e -> HEADERS.contains(e.getKey().toLowerCase(java.util.Locale.ROOT)))
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(java.util.Locale.ROOT), Map.Entry::getValue));
        // Message ids are random: compared by shape.
        return new Answer(r.statusCode(), r.body().replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID"),
                headers);
    }

    private Answer post(String accept, String body) throws Exception {
        return post(accept, apiKeys.demoKey(), null, HttpRequest.BodyPublishers.ofString(body));
    }

    /** The same request through the filter and through Spring MVC: the same answer, and the filter did answer. */
    private Answer same(String apiKey, String idempotencyKey, String body) throws Exception {
        return same(apiKey, idempotencyKey, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Answer same(String apiKey, String idempotencyKey, byte[] body) throws Exception {
        int handled = mvc.urls.size();
        Answer lean = post(null, apiKey, idempotencyKey, HttpRequest.BodyPublishers.ofByteArray(body));
        assertThat(mvc.urls.size()).as("answered by the filter, not by the DispatcherServlet").isEqualTo(handled);
        Answer full = post(MVC_ACCEPT, apiKey, idempotencyKey == null ? null : idempotencyKey + "-mvc",
                HttpRequest.BodyPublishers.ofByteArray(body));
        // The event comes after the answer: waited for, so the next request counts from here.
        GatewayHttp.await("Spring MVC handled it", Duration.ofSeconds(10), () -> mvc.urls.size() == handled + 1);
        assertThat(lean).isEqualTo(new Answer(full.status(), full.body().replace("ID-mvc", "ID"), full.headers()));
        return lean;
    }

    @Test
    void aMessageIsAcceptedWithTheSameAnswerAndIsCommittedWhenTheAnswerArrives() throws Exception {
        int handled = mvc.urls.size();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/messages"))
                .header("Content-Type", "application/json").header(ApiKeys.HEADER, apiKeys.demoKey())
                .POST(HttpRequest.BodyPublishers.ofString(TEXT)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(mvc.urls.size()).isEqualTo(handled);
        String id = r.body().substring(7, 43);
        // 202 means committed: the row is there the moment the answer is.
        assertThat(jdbc.queryForObject("select request from message_outbox where id = ?", String.class, id)).isEqualTo(TEXT);

        Answer answer = same(apiKeys.demoKey(), null, TEXT);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body()).isEqualTo("{\"id\":\"ID\",\"state\":\"queued\",\"calls\":1,\"duplicate_check_interval\":14400}");
        assertThat(answer.headers()).doesNotContainKey("idempotent-replayed");
    }

    @Test
    void anIdempotentRepeatAndAConflictAnswerAsBefore() throws Exception {
        String key = UUID.randomUUID().toString();
        same(apiKeys.demoKey(), key, TEXT);
        Answer replay = same(apiKeys.demoKey(), key, " " + TEXT + " ");
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.headers()).containsEntry("idempotent-replayed", List.of("true"));
        Answer conflict = same(apiKeys.demoKey(), key, TEXT.replace("hello", "other"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(same(apiKeys.demoKey(), "x".repeat(256), TEXT).status()).isEqualTo(400);
    }

    @Test
    void everyRefusalIsTheSameTypedError() throws Exception {
        assertThat(same(null, null, TEXT).status()).isEqualTo(401);
        assertThat(same("wrong", null, TEXT).status()).isEqualTo(401);
        for (String body : List.of("", " ", "not json", "[1]", "{\"touser\":\"a\",\"touser\":\"b\"}", "{\"msgtype\":\"text\"}",
                "{\"agentid\":1.5,\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}",
                "{\"agentid\":42,\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}")) {
            Answer a = same(apiKeys.demoKey(), null, body);
            assertThat(a.status()).as(body).isEqualTo(400);
            assertThat(a.body()).as(body).startsWith("{\"errcode\":");
        }
        // Bytes that are not UTF-8 were decoded with replacement characters by Spring's String
        // converter, and the message accepted: still so.
        byte[] notUtf8 = TEXT.replace("hello", "bad ?").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        notUtf8[TEXT.indexOf("hello") + 4] = (byte) 0xff;
        assertThat(same(apiKeys.demoKey(), null, notUtf8).status()).isEqualTo(202);
    }

    @Test
    void aBodyOverTheLimitIs413WhetherDeclaredOrCounted() throws Exception {
        String large = TEXT.replace("hello", "x".repeat(5000));
        // Declared in Content-Length: refused by RequestBodyLimits, before either way of answering.
        Answer declared = post(null, large);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared).isEqualTo(post(MVC_ACCEPT, large));
        // Chunked: no Content-Length, so the limit is met while reading.
        int handled = mvc.urls.size();
        Answer lean = post(null, apiKeys.demoKey(), null,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large.getBytes())));
        assertThat(mvc.urls.size()).isEqualTo(handled);
        Answer full = post(MVC_ACCEPT, apiKeys.demoKey(), null,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large.getBytes())));
        GatewayHttp.await("Spring MVC handled it", Duration.ofSeconds(10), () -> mvc.urls.size() == handled + 1);
        assertThat(lean.status()).isEqualTo(413);
        assertThat(lean).isEqualTo(full);
        // Chunked within the limit: read to its end and accepted.
        Answer chunked = post(null, apiKeys.demoKey(), null,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(TEXT.getBytes())));
        assertThat(chunked.status()).isEqualTo(202);
        assertThat(mvc.urls.size()).isEqualTo(handled + 1);
    }

    @Test
    void whatTheFilterDoesNotTakeStillGetsSpringMvcsAnswer() throws Exception {
        Answer html = post("text/html", TEXT);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/messages"))
                .header("Content-Type", "text/plain").header(ApiKeys.HEADER, apiKeys.demoKey())
                .POST(HttpRequest.BodyPublishers.ofString(TEXT)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).startsWith("{\"errcode\":415,");
        assertThat(html.status()).isIn(202, 406);
    }

    @Test
    void plainRequestsOnly() {
        assertThat(MessageIntakeFilter.plain(request("application/json", null))).isTrue();
        assertThat(MessageIntakeFilter.plain(request("application/json; charset=UTF-8", "*/*"))).isTrue();
        assertThat(MessageIntakeFilter.plain(request("application/json;charset=ISO-8859-1", null))).isFalse();
        assertThat(MessageIntakeFilter.plain(request("text/plain", null))).isFalse();
        assertThat(MessageIntakeFilter.plain(request(null, null))).isFalse();
        assertThat(MessageIntakeFilter.plain(request("application/json", "text/html"))).isFalse();
        MockHttpServletRequest twoKeys = request("application/json", null);
        twoKeys.addHeader("Idempotency-Key", "a");
        twoKeys.addHeader("Idempotency-Key", "b");
        assertThat(MessageIntakeFilter.plain(twoKeys)).isFalse();
        MockHttpServletRequest get = request("application/json", null);
        get.setMethod("GET");
        assertThat(MessageIntakeFilter.plain(get)).isFalse();
        MockHttpServletRequest batch = request("application/json", null);
        batch.setRequestURI("/api/messages/batch");
        assertThat(MessageIntakeFilter.plain(batch)).isFalse();
    }

    private static MockHttpServletRequest request(String contentType, String accept) {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", "/api/messages");
        if (contentType != null) {
            r.setContentType(contentType);
        }
        if (accept != null) {
            r.addHeader("Accept", accept);
        }
        return r;
    }

    @Test
    void httpServerRequestsIsRecordedWithTheSameTags() throws Exception {
        post(MVC_ACCEPT, TEXT);
        GatewayHttp.await("Spring MVC's request recorded", Duration.ofSeconds(10), () -> timers().values().stream().anyMatch(c -> c > 0));
        Map<Set<String>, Long> before = timers();
        assertThat(post(null, TEXT).status()).isEqualTo(202);
        assertThat(post(null, apiKeys.demoKey() + "-wrong", null, HttpRequest.BodyPublishers.ofString(TEXT)).status()).isEqualTo(401);
        GatewayHttp.await("the filter's requests recorded on the same meters", Duration.ofSeconds(10),
                () -> timers().values().stream().mapToLong(Long::longValue).sum() == before.values().stream().mapToLong(Long::longValue).sum() + 2);
        Map<Set<String>, Long> after = timers();
        Set<String> accepted = before.keySet().stream().filter(t -> t.contains("status=202")).findFirst().orElseThrow();
        assertThat(after.get(accepted)).isEqualTo(before.get(accepted) + 1);
        assertThat(after.keySet()).anyMatch(t -> t.contains("status=401") && t.contains("outcome=CLIENT_ERROR") && t.contains("exception=none"));
        assertThat(accepted).contains("method=POST", "outcome=SUCCESS", "exception=none");
    }

    /** Every http.server.requests timer of POST /api/messages: its tags, and its count. */
    private Map<Set<String>, Long> timers() {
        return meters.find("http.server.requests").tag("uri", "/api/messages").timers().stream().collect(Collectors.toMap(
                (Timer t) -> t.getId().getTags().stream().map(tag -> tag.getKey() + "=" + tag.getValue()).collect(Collectors.toSet()),
                Timer::count));
    }
}
