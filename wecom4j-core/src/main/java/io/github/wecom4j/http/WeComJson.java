package io.github.wecom4j.http;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one {@link JsonMapper} of the SDK, shared by every client and by the message codec. Building
 * a mapper loads and configures a few hundred classes (the largest part of a cold start after
 * TLS), and a mapper is immutable and thread-safe, so the SDK builds it once per JVM, on first use.
 * Unknown properties are ignored: WeCom adds fields to its answers without notice.
 */
public final class WeComJson {

    private WeComJson() {
    }

    public static JsonMapper mapper() {
        return Holder.MAPPER;
    }

    /**
     * Starts building the mapper on a short-lived daemon thread, once per JVM, so a client being
     * constructed loads its HTTP client's classes while Jackson's load on another core; whoever
     * needs the mapper first simply waits for the class initialisation to finish.
     */
    public static void warmUpInBackground() {
        if (WARMING.compareAndSet(false, true)) {
            Thread t = new Thread(WeComJson::mapper, "wecom4j-json-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    private static final class Holder {
        static final JsonMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
