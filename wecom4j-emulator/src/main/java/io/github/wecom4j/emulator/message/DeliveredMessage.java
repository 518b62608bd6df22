package io.github.wecom4j.emulator.message;

import tools.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One message as a member's WeCom client would show it.
 *
 * @param content  the object sent under {@code msgtype} (e.g. {@code {"content":"hi"}} for text)
 * @param summary  a one-line rendering for the console (text content, card title, ...)
 * @param recalled true once the sender recalled it (WeCom replaces it with "message recalled")
 */
public record DeliveredMessage(String msgid, int agentId, String userId, String msgtype, JsonNode content,
                               String summary, Instant deliveredAt, boolean recalled) {

    /** The same message showing new content (a template card after update_template_card). */
    DeliveredMessage withContent(JsonNode newContent) {
        return new DeliveredMessage(msgid, agentId, userId, msgtype, newContent, summary, deliveredAt, recalled);
    }

    DeliveredMessage recall() {
        return new DeliveredMessage(msgid, agentId, userId, msgtype, content, summary, deliveredAt, true);
    }
}
