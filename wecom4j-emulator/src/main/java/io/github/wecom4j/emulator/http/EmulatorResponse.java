package io.github.wecom4j.emulator.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a handler answers. */
public record EmulatorResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static EmulatorResponse json(int status, byte[] body) {
        return new EmulatorResponse(status, "application/json; charset=utf-8", body, Map.of());
    }

    public static EmulatorResponse html(int status, String html) {
        return new EmulatorResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static EmulatorResponse text(int status, String text) {
        return new EmulatorResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static EmulatorResponse redirect(String location) {
        return new EmulatorResponse(302, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location));
    }
}
