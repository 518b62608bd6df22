package io.github.wecom4j.message;

import java.util.Map;

/** {@code video}: media_id plus an optional title (128 bytes) and description (512 bytes) (doc 90236). */
public record VideoMessage(String mediaId, String title, String description) implements Message {

    public static VideoMessage of(String mediaId) {
        return new VideoMessage(mediaId, null, null);
    }

    public VideoMessage withTitle(String title, String description) {
        return new VideoMessage(mediaId, title, description);
    }

    @Override
    public String msgtype() {
        return "video";
    }

    @Override
    public Map<String, Object> payload() {
        return Json.object().put("media_id", mediaId).put("title", title).put("description", description).build();
    }

    @Override
    public void validate() {
        Check.mediaId(mediaId, "video.media_id");
        Check.maxBytes(title, 128, "video.title");
        Check.maxBytes(description, 512, "video.description");
    }
}
