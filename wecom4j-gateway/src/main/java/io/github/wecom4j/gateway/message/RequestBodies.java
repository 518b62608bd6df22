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
        JsonNode body = parse(requestJson);
        if (body == null || !body.isObject()) {
            throw new WeComValidationException(40058, "the request body must be a JSON object");
        }
        return object(body);
    }

    private static JsonNode parse(String requestJson) {
        JsonNode body;
        try {
            body = StrictJson.MAPPER.readTree(requestJson);
        } catch (JacksonException e) {
            boolean repeated = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate");
            throw new WeComValidationException(40058, repeated
                    ? "the request body repeats a key; each key may appear once (which one counts would be a guess)"
                    : "the request body is not valid JSON");
        }
        return body;
    }

    /** An already parsed message body (one item of a batch): a JSON object with whole-number integer fields. */
    static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new WeComValidationException(40058, "a message must be a JSON object (a message/send body)");
        }
        for (String field : INTEGER_FIELDS) {
            StrictJson.integer(body, field, 0);
        }
        return body;
    }

    /** The one field of a batch body: the list of message/send bodies. */
    static final String BATCH_FIELD = "messages";

    /**
     * A batch body, {@code {"messages": [ ... ]}} with 1 to {@code max} items, or 40058. Only the
     * envelope is checked here; each item is checked as a message of its own.
     */
    static JsonNode batch(String requestJson, int max) {
        JsonNode body = parse(requestJson);
        String limits = "a batch is {\"" + BATCH_FIELD + "\": [message/send bodies]} with 1 to " + max
                + " messages, and its body at most gateway.limits.message-body (2 MB by default)";
        if (body == null || !body.isObject()) {
            throw new WeComValidationException(40058, "the request body must be a JSON object: " + limits);
        }
        JsonNode items = body.get(BATCH_FIELD);
        if (items == null || !items.isArray()) {
            throw new WeComValidationException(40058, "\"" + BATCH_FIELD + "\" must be an array: " + limits);
        }
        for (String field : body.propertyNames()) {
            if (!field.equals(BATCH_FIELD)) {
                // agentid, safe, ... belong to each message; a batch-wide default would be a guess.
                throw new WeComValidationException(40058, "unknown field \"" + field + "\" beside \"" + BATCH_FIELD
                        + "\"; put message fields (agentid, safe, ...) in each message: " + limits);
            }
        }
        if (items.isEmpty() || items.size() > max) {
            throw new WeComValidationException(40058, "the batch has " + items.size() + " messages: " + limits
                    + "; split larger batches");
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
