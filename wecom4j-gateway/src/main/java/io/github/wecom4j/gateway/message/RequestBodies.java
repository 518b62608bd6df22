package io.github.wecom4j.gateway.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.gateway.web.StrictJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * The checks every WeCom-shaped request body of the message APIs starts with, read strictly
 * ({@link StrictJson}): a repeated key or a fraction where WeCom wants an integer is refused.
 */
final class RequestBodies {

    /** message/send's integer fields (doc 90236): whole numbers only, never a fraction rounded down. */
    private static final List<String> INTEGER_FIELDS = List.of("agentid", "safe", "enable_id_trans",
            "enable_duplicate_check", "duplicate_check_interval");

    private RequestBodies() {
    }

    /** The body as a JSON object, or 40058 (WeCom's code for a malformed body). */
    static JsonNode object(String requestJson) {
        JsonNode body;
        try {
            body = StrictJson.MAPPER.readTree(requestJson);
        } catch (JacksonException e) {
            boolean repeated = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate");
            throw new WeComValidationException(40058, repeated
                    ? "the request body repeats a key; each key may appear once (which one counts would be a guess)"
                    : "the request body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            throw new WeComValidationException(40058, "the request body must be a JSON object");
        }
        for (String field : INTEGER_FIELDS) {
            StrictJson.integer(body, field, 0);
        }
        return body;
    }

    /** The body's {@code agentid}, a configured app (default: the first one), or 40056. */
    static int agentId(WeComClient wecom, JsonNode body) {
        int agentId = body.has("agentid") ? StrictJson.integer(body, "agentid", -1)
                : wecom.apps().keySet().stream().findFirst().orElse(-1);
        if (!wecom.apps().containsKey(agentId)) {
            throw new WeComValidationException(40056, "agentid " + body.path("agentid") + " is not a configured app; configured: "
                    + wecom.apps().keySet());
        }
        return agentId;
    }
}
