package io.github.wecom4j.gateway.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the gateway reads JSON from callers: a duplicate key is refused (last-wins would let two
 * parts of a system read one body differently), and a number with a fraction is never taken for an
 * integer ({@code "agentid": 1000002.7} is not app 1000002). The same rules for Spring's
 * {@code @RequestBody} mapper and for the bodies the gateway parses itself ({@link #MAPPER}).
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

    /** For request bodies the gateway parses itself (the message outbox). */
    public static final JsonMapper MAPPER = strict(JsonMapper.builder()).build();

    static JsonMapper.Builder strict(JsonMapper.Builder builder) {
        return builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    @Bean
    JsonMapperBuilderCustomizer strictRequestJson() {
        return StrictJson::strict;
    }

    /**
     * An integer field read from a tree: absent is {@code fallback}; anything but a JSON integer in
     * int range (a fraction, a string, a huge number) is refused, not rounded or guessed.
     */
    public static int integer(JsonNode object, String field, int fallback) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new io.github.wecom4j.error.WeComValidationException(40035,
                    field + " must be a whole number, not " + value);
        }
        return value.intValue();
    }
}
