package io.github.wecom4j.message;

import java.util.Map;

/** {@code markdown}: WeCom's markdown subset, up to 2048 bytes; not shown in the WeChat plugin (doc 90236). */
public record MarkdownMessage(String content) implements Message {

    public static final int MAX_BYTES = 2048;

    public static MarkdownMessage of(String content) {
        return new MarkdownMessage(content);
    }

    @Override
    public String msgtype() {
        return "markdown";
    }

    @Override
    public Map<String, Object> payload() {
        return Json.object().put("content", content).build();
    }

    @Override
    public void validate() {
        Check.content(content, MAX_BYTES, "markdown.content");
    }
}
