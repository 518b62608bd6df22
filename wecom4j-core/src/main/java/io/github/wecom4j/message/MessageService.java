package io.github.wecom4j.message;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Application messages of one app ({@code client.app(agentId).messages()}): sent with that app's
 * token and agentid, as WeCom requires (another app's agentid is refused with 301002).
 *
 * <p>Everything is validated before the first HTTP call, so a send either goes out whole or
 * not at all because of a local mistake. WeCom's per-member limit (30/min, 1000/h per app,
 * excess silently dropped, doc 90454) is not enforced here: a caller sending in bulk should go
 * through a budgeting sender such as the gateway's outbox.
 */
public final class MessageService {

    static final String SEND = "/cgi-bin/message/send";
    static final String RECALL = "/cgi-bin/message/recall";

    private final WeComApi api;
    private final int agentId;

    public MessageService(WeComApi api, int agentId) {
        this.api = api;
        this.agentId = agentId;
    }

    public int agentId() {
        return agentId;
    }

    public SendReport send(Recipients to, Message message) {
        return send(OutgoingMessage.of(to, message));
    }

    public SendReport send(Recipients to, Message message, SendOptions options) {
        return send(new OutgoingMessage(to, message, options));
    }

    /** Validates, splits into the fewest calls and sends them in order. */
    public SendReport send(OutgoingMessage outgoing) {
        List<SendResult> results = new ArrayList<>();
        for (MessageCall call : plan(outgoing)) {
            results.add(send(call));
        }
        return new SendReport(results);
    }

    /** The calls a send would make, validated, without sending anything. */
    public List<MessageCall> plan(OutgoingMessage outgoing) {
        return outgoing.calls(agentId);
    }

    /** One call. 81013 (everyone invalid) is a result, other errcodes throw {@link WeComException}. */
    public SendResult send(MessageCall call) {
        if (call.agentId() != agentId) {
            throw new WeComValidationException(301002, "this call is for agentid " + call.agentId()
                    + " but is sent with the token of app " + agentId);
        }
        call.validate();
        return post(call);
    }

    /**
     * Sends a body produced earlier by {@link MessageCall#body()} (for example one stored in an
     * outbox), byte for byte the same, so WeCom's duplicate check recognises a resend.
     */
    public SendResult sendStored(Map<String, Object> body) {
        MessageCall call = MessageJson.parse(body);
        if (call.agentId() != agentId) {
            throw new WeComValidationException(301002, "stored body is for agentid " + call.agentId() + ", not " + agentId);
        }
        call.validate();
        return post(call);
    }

    private SendResult post(MessageCall call) {
        Recipients to = call.to();
        try {
            return toResult(api.postJson(SEND, call.toJson()));
        } catch (WeComException e) {
            if (e.errcode() != 81013) {
                throw e;
            }
            return new SendResult(81013, null, to.users().stream().map(String::toLowerCase).toList(),
                    to.parties().stream().map(String::valueOf).toList(), to.tags().stream().map(String::valueOf).toList(),
                    List.of(), null);
        }
    }

    /** Recalls a message sent in the last 24 hours by this app (doc 94867). */
    public void recall(String msgid) {
        if (msgid == null || msgid.isBlank()) {
            throw new WeComValidationException(40058, "msgid is required to recall a message");
        }
        api.post(RECALL, Map.of("msgid", msgid));
    }

    static SendResult toResult(JsonNode body) {
        return new SendResult(body.path("errcode").asInt(0), text(body, "msgid"), ids(body, "invaliduser"),
                ids(body, "invalidparty"), ids(body, "invalidtag"), ids(body, "unlicenseduser"), text(body, "response_code"));
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.path(field);
        return n.isMissingNode() || n.isNull() || n.asString("").isEmpty() ? null : n.asString();
    }

    private static List<String> ids(JsonNode body, String field) {
        String s = text(body, field);
        if (s == null) {
            return List.of();
        }
        return Arrays.stream(s.split("\\|")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
