package io.github.wecom4j.message;

import java.util.Map;

/**
 * {@code textcard}: title (128 bytes), description (512 bytes; {@code <div class="gray|normal|highlight">}
 * and {@code <br>} allowed), an http(s) url (2048 bytes) and a button text of at most 4 characters,
 * "详情" when absent (doc 90236).
 */
public record TextCardMessage(String title, String description, String url, String buttonText) implements Message {

    public static TextCardMessage of(String title, String description, String url) {
        return new TextCardMessage(title, description, url, null);
    }

    public TextCardMessage withButtonText(String buttonText) {
        return new TextCardMessage(title, description, url, buttonText);
    }

    @Override
    public String msgtype() {
        return "textcard";
    }

    @Override
    public Map<String, Object> payload() {
        return Json.object().put("title", title).put("description", description).put("url", url)
                .put("btntxt", buttonText).build();
    }

    @Override
    public void validate() {
        Check.required(title, "textcard.title");
        Check.maxBytes(title, 128, "textcard.title");
        Check.required(description, "textcard.description");
        Check.maxBytes(description, 512, "textcard.description");
        Check.required(url, "textcard.url");
        Check.httpUrl(url, "textcard.url");
        Check.maxChars(buttonText, 4, "textcard.btntxt");
    }
}
