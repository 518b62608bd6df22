package io.github.wecom4j.emulator.media;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Media routes driven by hand-made multipart requests, as any client would send them. */
@WeComEmulatorTest
class MediaRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String token(WeComEmulator emulator) throws Exception {
        return json(HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/cgi-bin/gettoken?corpid="
                + DemoCorp.CORP_ID + "&corpsecret=" + DemoCorp.NOTICES_SECRET)).build(), HttpResponse.BodyHandlers.ofByteArray()))
                .path("access_token").asString();
    }

    private static JsonNode json(HttpResponse<byte[]> r) {
        return JSON.readTree(r.body());
    }

    private static HttpResponse<byte[]> upload(WeComEmulator emulator, String query, String partName, String filename, byte[] content)
            throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--XyZ\r\nContent-Disposition: form-data; name=\"" + partName + "\"; filename=\"" + filename
                + "\"; filelength=" + content.length + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n--XyZ--\r\n".getBytes(StandardCharsets.US_ASCII));
        return HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/cgi-bin/media/upload?" + query))
                .header("Content-Type", "multipart/form-data; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void uploadThenGetAsRawBytesWithTheFileName(WeComEmulator emulator) throws Exception {
        String token = token(emulator);
        // The boundary may appear inside content as long as it does not follow a CRLF (RFC 2046).
        byte[] content = "binary --XyZ-ish\r\ncontent\r\n".getBytes(StandardCharsets.UTF_8);
        JsonNode up = json(upload(emulator, "type=file&access_token=" + token, "media", "notes.txt", content));
        assertThat(up.path("errcode").asInt()).isZero();
        assertThat(up.path("created_at").isString()).isTrue();

        HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/cgi-bin/media/get?access_token="
                + token + "&media_id=" + up.path("media_id").asString())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.body()).isEqualTo(content);
        assertThat(get.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("notes.txt"));
    }

    @Test
    void badUploadsGetWeComsErrcodes(WeComEmulator emulator) throws Exception {
        String token = token(emulator);
        assertThat(json(upload(emulator, "type=sticker&access_token=" + token, "media", "a.txt", new byte[10])).path("errcode").asInt())
                .isEqualTo(40005);
        assertThat(json(upload(emulator, "type=file&access_token=" + token, "file", "a.txt", new byte[10])).path("errcode").asInt())
                .isEqualTo(41006);
        assertThat(json(upload(emulator, "type=image&access_token=" + token, "media", "a.gif", new byte[10])).path("errcode").asInt())
                .isEqualTo(40004);
        assertThat(json(upload(emulator, "type=file&access_token=" + token, "media", "a.txt", new byte[3])).path("errcode").asInt())
                .isEqualTo(40006);
    }

    @Test
    void anExpiredMediaIdAnswersJson40007(WeComEmulator emulator) throws Exception {
        String token = token(emulator);
        String id = json(upload(emulator, "type=file&access_token=" + token, "media", "a.txt", new byte[10])).path("media_id").asString();
        emulator.clock().advance(MediaStore.TEMPORARY_LIFETIME);
        HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/cgi-bin/media/get?access_token="
                + token(emulator) + "&media_id=" + id)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(get).path("errcode").asInt()).isEqualTo(40007);
    }
}
