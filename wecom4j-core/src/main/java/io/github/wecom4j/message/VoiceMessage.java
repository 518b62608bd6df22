package io.github.wecom4j.message;

import java.util.Map;

/** {@code voice}: a temporary {@code media_id} from media/upload, valid 3 days (doc 90236, 90253). */
public record VoiceMessage(String mediaId) implements Message {

    public static VoiceMessage of(String mediaId) {
        return new VoiceMessage(mediaId);
    }

    @Override
    public String msgtype() {
        return "voice";
    }

    @Override
    public Map<String, Object> payload() {
        return Json.object().put("media_id", mediaId).build();
    }

    @Override
    public void validate() {
        Check.mediaId(mediaId, "voice.media_id");
    }
}
