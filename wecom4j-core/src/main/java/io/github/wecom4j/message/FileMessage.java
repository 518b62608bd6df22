package io.github.wecom4j.message;

import java.util.Map;

/** {@code file}: a temporary {@code media_id} from media/upload, valid 3 days (doc 90236, 90253). */
public record FileMessage(String mediaId) implements Message {

    public static FileMessage of(String mediaId) {
        return new FileMessage(mediaId);
    }

    @Override
    public String msgtype() {
        return "file";
    }

    @Override
    public Map<String, Object> payload() {
        return Json.object().put("media_id", mediaId).build();
    }

    @Override
    public void validate() {
        Check.mediaId(mediaId, "file.media_id");
    }
}
