package io.github.wecom4j.emulator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Plain HTTP against the emulator, as any WeCom client would send it: the emulator's tests do not
 * use the SDK, so a bug shared by both could not hide.
 */
final class RawHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;

    RawHttp(WeComEmulator emulator) {
        this.base = emulator.baseUri();
    }

    record Answer(int status, JsonNode json) {
        int errcode() {
            return json.path("errcode").asInt(Integer.MIN_VALUE);
        }
    }

    Answer get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build());
    }

    Answer post(String pathAndQuery, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Answer delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build());
    }

    String token(String corpId, String secret) {
        Answer a = get("/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=" + secret);
        if (a.errcode() != 0) {
            throw new AssertionError("gettoken failed: " + a.json());
        }
        return a.json().path("access_token").asString();
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), JSON.readTree(r.body()));
        } catch (Exception e) {
            throw new AssertionError("request failed: " + request.uri(), e);
        }
    }
}
