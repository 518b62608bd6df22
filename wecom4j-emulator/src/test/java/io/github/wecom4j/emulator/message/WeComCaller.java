package io.github.wecom4j.emulator.message;

import io.github.wecom4j.emulator.WeComEmulator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A bare HTTP caller of the emulator (the emulator's tests cannot use the SDK). */
final class WeComCaller {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final WeComEmulator emulator;

    WeComCaller(WeComEmulator emulator) {
        this.emulator = emulator;
    }

    String token(String corpId, String secret) {
        JsonNode r = get("/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8));
        return r.path("access_token").asString();
    }

    JsonNode get(String pathAndQuery) {
        return call(HttpRequest.newBuilder(URI.create(emulator.baseUri() + pathAndQuery)).GET().build());
    }

    JsonNode post(String path, String token, String json) {
        return call(HttpRequest.newBuilder(URI.create(emulator.baseUri() + path + "?access_token=" + token))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    private JsonNode call(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
