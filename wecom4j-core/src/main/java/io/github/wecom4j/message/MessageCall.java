package io.github.wecom4j.message;

import io.github.wecom4j.error.WeComValidationException;

import java.util.Map;

/**
 * Exactly one {@code POST /cgi-bin/message/send}: an audience that fits one call, the message and
 * its options. {@link #body()} is deterministic (fixed field order), so the same call sent again
 * produces the same bytes, which is what WeCom's duplicate check compares.
 */
public record MessageCall(int agentId, Recipients to, Message message, SendOptions options) {

    public MessageCall {
        if (agentId <= 0) {
            throw new WeComValidationException(40056, "agentid must be a positive integer (got " + agentId + ")");
        }
        options = options == null ? SendOptions.DEFAULT : options;
    }

    public void validate() {
        to.requireOneCall();
        message.validate();
        options.validateFor(message);
    }

    /** The request body as UTF-8 JSON, written without building {@link #body()}; the same bytes. */
    public byte[] toJson() {
        return MessageJson.bytes(this);
    }

    /** The request body WeCom expects. */
    public Map<String, Object> body() {
        Json j = Json.object().put("touser", to.toUserField()).put("toparty", to.toPartyField())
                .put("totag", to.toTagField()).put("msgtype", message.msgtype()).put("agentid", agentId)
                .put(message.msgtype(), message.payload());
        if (options.safe() != 0) {
            j.put("safe", options.safe());
        }
        if (options.enableIdTrans()) {
            j.put("enable_id_trans", 1);
        }
        if (options.enableDuplicateCheck()) {
            j.put("enable_duplicate_check", 1);
            j.put("duplicate_check_interval", options.duplicateCheckInterval().toSeconds());
        }
        return j.build();
    }
}
