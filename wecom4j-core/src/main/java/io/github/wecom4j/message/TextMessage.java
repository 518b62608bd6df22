package io.github.wecom4j.message;

import java.util.Map;

/** {@code text}: up to 2048 bytes; {@code <a href>} links allowed (doc 90236). */
public record TextMessage(String content) implements Message {

    public static final int MAX_BYTES = 2048;

    public static TextMessage of(String content) {
        return new TextMessage(content);
    }

    @Override
    public String msgtype() {
        return "text";
    }

    @Override
    public Map<String, Object> payload() {
        return Json.object().put("content", content).build();
    }

    @Override
    public void validate() {
        Check.content(content, MAX_BYTES, "text.content");
    }
}
