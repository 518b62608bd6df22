package io.github.wecom4j.callback;

import java.util.Map;

/**
 * A decrypted callback: a member's message to the app, or an event (doc 90239, 90240). Every
 * field WeCom sent stays available in {@link #fields()}.
 */
public sealed interface CallbackMessage permits CallbackMessage.UserMessage, CallbackMessage.Event {

    String toUserName();

    String fromUserName();

    long createTime();

    String msgType();

    /** The app's agentid; null for corp-level events that carry none. */
    Integer agentId();

    Map<String, String> fields();

    /**
     * What identifies a delivery across WeCom's retries (doc 90238): {@code MsgId} for messages.
     * Events carry no MsgId and WeCom suggests sender + create time; but one second can hold many
     * distinct events from one sender (50 {@code change_contact} after an import, two menu clicks),
     * so the key is a digest of every field: a retry repeats the same plaintext, a different event
     * differs somewhere.
     */
    String dedupeKey();

    /** A member wrote to the app: text, image, voice, video, location, link. */
    record UserMessage(String toUserName, String fromUserName, long createTime, String msgType, Integer agentId,
                       String msgId, Map<String, String> fields) implements CallbackMessage {
        public String content() {
            return fields.getOrDefault("Content", "");
        }

        @Override
        public String dedupeKey() {
            return "msg:" + msgId;
        }
    }

    /** An event: subscribe, enter_agent, click, change_contact, template_card_event, ... */
    record Event(String toUserName, String fromUserName, long createTime, String msgType, Integer agentId,
                 String event, String eventKey, Map<String, String> fields) implements CallbackMessage {
        @Override
        public String dedupeKey() {
            return "event:" + fromUserName + ":" + createTime + ":" + digest(fields);
        }
    }

    /** Reads a decrypted plaintext ({@code <xml>...</xml>}) with the DTD-refusing parser. */
    static CallbackMessage fromXml(String plaintextXml) {
        return of(CallbackXml.parse(plaintextXml));
    }

    /** Types fields as {@link #fields()} gave them (for example read back from storage). */
    static CallbackMessage of(Map<String, String> f) {
        String msgType = f.getOrDefault("MsgType", "");
        long createTime = parseLong(f.get("CreateTime"));
        Integer agentId = f.containsKey("AgentID") && !f.get("AgentID").isEmpty() ? (int) parseLong(f.get("AgentID")) : null;
        if ("event".equals(msgType)) {
            return new Event(f.getOrDefault("ToUserName", ""), f.getOrDefault("FromUserName", ""), createTime, msgType,
                    agentId, f.getOrDefault("Event", ""), f.getOrDefault("EventKey", ""), f);
        }
        if (!f.containsKey("MsgId")) {
            throw new CallbackException(CallbackException.PARSE_XML, "a " + msgType + " message without MsgId");
        }
        return new UserMessage(f.getOrDefault("ToUserName", ""), f.getOrDefault("FromUserName", ""), createTime, msgType,
                agentId, f.get("MsgId"), f);
    }

    private static String digest(Map<String, String> fields) {
        StringBuilder canonical = new StringBuilder();
        new java.util.TreeMap<>(fields).forEach((k, v) -> canonical.append(k).append('\u0000').append(v).append('\u0000'));
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException | NullPointerException e) {
            throw new CallbackException(CallbackException.PARSE_XML, "expected a number, got '" + s + "'");
        }
    }
}
