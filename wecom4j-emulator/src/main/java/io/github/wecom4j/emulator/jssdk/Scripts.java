package io.github.wecom4j.emulator.jssdk;

import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.http.EmulatorResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** What the emulator's two JS-SDK front ends ({@code jweixin.js}, {@code bridge.js}) share over HTTP. */
final class Scripts {

    static final String CONTENT_TYPE = "application/javascript; charset=utf-8";

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

    static EmulatorResponse methodNotAllowed(EmulatorRequest req) {
        return new EmulatorResponse(405, "application/json; charset=utf-8",
                ("{\"errcode\":405,\"errmsg\":\"" + req.method().replaceAll("[^A-Z]", "") + " not allowed on "
                        + req.path().replaceAll("[^A-Za-z0-9/._-]", "") + "\"}").getBytes(StandardCharsets.UTF_8),
                JsSdkStandIn.CORS);
    }
}
