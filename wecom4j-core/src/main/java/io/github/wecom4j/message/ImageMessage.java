package io.github.wecom4j.message;

import java.util.Map;

/** {@code image}: a temporary {@code media_id} from media/upload, valid 3 days (doc 90236, 90253). */
public record ImageMessage(String mediaId) implements Message {

    public static ImageMessage of(String mediaId) {
        return new ImageMessage(mediaId);
    }

    @Override
    public String msgtype() {
        return "image";
    }

    @Override
    public Map<String, Object> payload() {
        return Json.object().put("media_id", mediaId).build();
    }

    @Override
    public void validate() {
        Check.mediaId(mediaId, "image.media_id");
    }
}
