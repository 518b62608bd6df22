package io.github.wecom4j.gateway.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComValidationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The checks every WeCom-shaped request body of the message APIs starts with. */
final class RequestBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RequestBodies() {
    }

    /** The body as a JSON object, or 40058 (WeCom's code for a malformed body). */
    static JsonNode object(String requestJson) {
        JsonNode body;
        try {
            body = JSON.readTree(requestJson);
        } catch (JacksonException e) {
            throw new WeComValidationException(40058, "the request body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            throw new WeComValidationException(40058, "the request body must be a JSON object");
        }
        return body;
    }

    /** The body's {@code agentid}, a configured app (default: the first one), or 40056. */
    static int agentId(WeComClient wecom, JsonNode body) {
        int agentId = body.has("agentid") ? body.path("agentid").asInt(-1)
                : wecom.apps().keySet().stream().findFirst().orElse(-1);
        if (!wecom.apps().containsKey(agentId)) {
            throw new WeComValidationException(40056, "agentid " + body.path("agentid") + " is not a configured app; configured: "
                    + wecom.apps().keySet());
        }
        return agentId;
    }
}
