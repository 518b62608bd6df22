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

    private static final class Holder {
        static final JsonMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
