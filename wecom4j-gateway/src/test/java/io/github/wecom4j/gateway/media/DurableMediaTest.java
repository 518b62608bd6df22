package io.github.wecom4j.gateway.media;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.gateway.web.ApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A durable media keeps producing valid media_ids past WeCom's 3 days, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DurableMediaTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    WeComEmulator emulator;

    @Autowired
    ApiKeys apiKeys;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A PNG's signature and header chunk: what the gateway checks an image by. */
    static final byte[] PNG = java.util.HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806000000");

    private HttpResponse<String> upload(String kind, String filename, byte[] content) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--b0undary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n" + kind
                + "\r\n--b0undary--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/media"))
                .header("Content-Type", "multipart/form-data; boundary=b0undary")
                .header(ApiKeys.HEADER, apiKeys.demoKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header(ApiKeys.HEADER, apiKeys.demoKey()).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void aMediaIdIsReusedWithinThreeDaysAndRenewedAfter() throws Exception {
        HttpResponse<String> stored = upload("image", "logo.png", PNG);
        assertThat(stored.statusCode()).isEqualTo(201);
        String id = JSON.readTree(stored.body()).path("id").asString();
        JsonNode firstView = get("/api/media/" + id + "/media-id");
        String first = firstView.path("mediaId").asString();
        assertThat(first).as("first view %s (stored %s)", firstView, stored.body()).isNotBlank();
        assertThat(get("/api/media/" + id + "/media-id").path("mediaId").asString()).isEqualTo(first);

        emulator.clock().advance(Duration.ofDays(3));
        JsonNode renewed = get("/api/media/" + id + "/media-id");
        assertThat(renewed.path("mediaId").asString()).isNotEqualTo(first);
        assertThat(renewed.path("uploads").asInt()).isEqualTo(2);
        assertThat(emulator.media().alive(renewed.path("mediaId").asString())).isPresent();
    }

    /**
     * Two gateway instances asked for the same expired media at once upload it once: the renewal
     * is claimed in the shared database, not under a lock of one JVM. The second instance is a
     * second service over the same database.
     */
    @Test
    void twoInstancesRenewingOneMediaUploadItOnce(@Autowired DurableMediaService here,
            @Autowired DurableMediaRepository repository, @Autowired io.github.wecom4j.WeComClient wecom,
            @Autowired @org.springframework.beans.factory.annotation.Qualifier("wecomClock") java.time.Clock wecomClock,
            @Autowired io.github.wecom4j.gateway.cluster.DatabaseClock databaseClock) throws Exception {
        HttpResponse<String> stored = upload("image", "shared.png", PNG);
        assertThat(stored.statusCode()).isEqualTo(201);
        String id = JSON.readTree(stored.body()).path("id").asString();
        DurableMediaService there = new DurableMediaService(repository, wecom, wecomClock, databaseClock);
        emulator.clock().advance(Duration.ofDays(3));
        long uploads = emulator.counters().calls("/cgi-bin/media/upload");
        emulator.faults().delayNext(2, 1_000, "/cgi-bin/media/upload");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> here.currentMediaId(id));
            var b = pool.submit(() -> there.currentMediaId(id));
            assertThat(a.get(30, java.util.concurrent.TimeUnit.SECONDS).mediaId())
                    .isEqualTo(b.get(30, java.util.concurrent.TimeUnit.SECONDS).mediaId());
        } finally {
            pool.shutdownNow();
            emulator.faults().clear();
        }
        assertThat(emulator.counters().calls("/cgi-bin/media/upload") - uploads).as("uploads to WeCom").isEqualTo(1);
        assertThat(here.view(id).uploads()).isEqualTo(2);
    }

    @Test
    void aFileWeComWouldRefuseIsRefusedWithItsErrcode() throws Exception {
        HttpResponse<String> r = upload("voice", "memo.mp3", new byte[100]);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"errcode\":40004").doesNotContain("Exception");
        assertThat(get("/api/media/does-not-exist/media-id").path("errcode").asInt()).isEqualTo(40007);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/media/x")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("without an API key").isEqualTo(401);
    }

    @Test
    void anImageIsCheckedByItsContentNotItsNameOrType() throws Exception {
        HttpResponse<String> text = upload("image", "photo.png", "just some text, not a picture".getBytes(StandardCharsets.UTF_8));
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(text.body()).path("errcode").asInt()).isEqualTo(40005);
        assertThat(upload("image", "photo.jpg", java.util.HexFormat.of().parseHex("ffd8ffe000104a46494600")).statusCode()).isEqualTo(201);
    }

    @Test
    void fileNamesAreCleanedBeforeTheyAreKeptOrSentOn() throws Exception {
        byte[] content = "report body".getBytes(StandardCharsets.UTF_8);
        assertThat(storedName(upload("file", "../../etc/passwd", content))).isEqualTo("passwd");
        assertThat(storedName(upload("file", "C:\\temp\\..\\report.txt", content))).isEqualTo("report.txt");
        assertThat(storedName(upload("file", "in\u0007voice\u202Etxt.exe", content))).isEqualTo("invoicetxt.exe");
        String longName = storedName(upload("file", "a".repeat(400) + ".pdf", content));
        assertThat(longName).hasSize(255).endsWith(".pdf");
        assertThat(storedName(upload("file", "..", content))).isEqualTo("upload");
    }

    private static String storedName(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("filename").asString();
    }
}
