package io.github.wecom4j.emulator.jssdk;

import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.http.EmulatorResponse;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What the emulator's two JS-SDK front ends ({@code jweixin.js}, {@code bridge.js}) share over HTTP. */
final class Scripts {

    static final String CONTENT_TYPE = "application/javascript; charset=utf-8";

    /** The page is on another origin than the emulator: anyone may call, as the client would answer anyone. */
    static final Map<String, String> CORS = Map.of(
            "Access-Control-Allow-Origin", "*",
            "Access-Control-Allow-Methods", "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers", "Content-Type");

    /** Largest body a page's script may post: a config or one JS-API call is a few hundred bytes. */
    static final int MAX_BODY = 64 * 1024;

    private Scripts() {
    }

    static byte[] load(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the emulator's classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EmulatorResponse preflight() {
        return new EmulatorResponse(204, "text/plain; charset=utf-8", new byte[0], CORS);
    }

    /** A field as text (numbers too, as pages pass timestamps either way); null when absent. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asString();
    }

    static EmulatorResponse methodNotAllowed(EmulatorRequest req) {
        return new EmulatorResponse(405, "application/json; charset=utf-8",
                ("{\"errcode\":405,\"errmsg\":\"" + req.method().replaceAll("[^A-Z]", "") + " not allowed on "
                        + req.path().replaceAll("[^A-Za-z0-9/._-]", "") + "\"}").getBytes(StandardCharsets.UTF_8),
                CORS);
    }
}
