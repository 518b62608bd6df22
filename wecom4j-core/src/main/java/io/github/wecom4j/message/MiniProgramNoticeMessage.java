package io.github.wecom4j.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code miniprogram_notice}: only the app linked to that mini-program may send it (doc 90236).
 * Title 4-12 characters, at most 10 content items with key ≤ 10 and value ≤ 30 characters.
 */
public record MiniProgramNoticeMessage(String appId, String page, String title, String description,
                                       boolean emphasisFirstItem, List<Item> items) implements Message {

    /** One key/value line of the notice. */
    public record Item(String key, String value) {
    }

    public MiniProgramNoticeMessage {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public static Builder builder(String appId, String title) {
        return new Builder(appId, title);
    }

    @Override
    public String msgtype() {
        return "miniprogram_notice";
    }

    @Override
    public Map<String, Object> payload() {
        List<Object> list = new ArrayList<>();
        items.forEach(i -> list.add(Json.object().put("key", i.key()).put("value", i.value()).build()));
        return Json.object().put("appid", appId).put("page", page).put("title", title).put("description", description)
                .put("emphasis_first_item", emphasisFirstItem).put("content_item", list).build();
    }

    @Override
    public void validate() {
        Check.required(appId, "miniprogram_notice.appid");
        Check.required(title, "miniprogram_notice.title");
        int n = title.codePointCount(0, title.length());
        if (n < 4 || n > 12) {
            Check.fail("miniprogram_notice.title must be 4-12 characters (got " + n + ")");
        }
        Check.maxChars(description, 12, "miniprogram_notice.description");
        Check.count(items, 0, 10, "miniprogram_notice.content_item");
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Check.required(item.key(), "miniprogram_notice.content_item[" + i + "].key");
            Check.maxChars(item.key(), 10, "miniprogram_notice.content_item[" + i + "].key");
            Check.required(item.value(), "miniprogram_notice.content_item[" + i + "].value");
            Check.maxChars(item.value(), 30, "miniprogram_notice.content_item[" + i + "].value");
        }
    }

    /** Collects the optional parts. */
    public static final class Builder {
        private final String appId;
        private final String title;
        private String page;
        private String description;
        private boolean emphasisFirstItem;
        private final List<Item> items = new ArrayList<>();

        private Builder(String appId, String title) {
            this.appId = appId;
            this.title = title;
        }

        public Builder page(String page) {
            this.page = page;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder emphasisFirstItem(boolean emphasis) {
            this.emphasisFirstItem = emphasis;
            return this;
        }

        public Builder item(String key, String value) {
            items.add(new Item(key, value));
            return this;
        }

        public MiniProgramNoticeMessage build() {
            return new MiniProgramNoticeMessage(appId, page, title, description, emphasisFirstItem, items);
        }
    }
}
