package io.github.wecom4j.media;

import io.github.wecom4j.error.WeComException;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * A media handle that stays valid: WeCom forgets a {@code media_id} after 3 days (doc 90253), so
 * the handle keeps the content and uploads it again when the id is about to expire, or when WeCom
 * says it is invalid (40007) although we thought it alive.
 *
 * <pre>{@code
 * DurableMedia logo = new DurableMedia(media, MediaKind.IMAGE, "logo.png", bytes, clock);
 * messages.send(Message.image(logo.mediaId())...);           // uploads at most once per 3 days
 * logo.withMediaId(id -> messages.send(Message.image(id)));  // and once more if WeCom lost it
 * }</pre>
 * Thread-safe: concurrent callers trigger one upload.
 */
public final class DurableMedia {

    private final MediaService media;
    private final MediaKind kind;
    private final String filename;
    private final byte[] content;
    private final Clock clock;
    private UploadedMedia current;

    public DurableMedia(MediaService media, MediaKind kind, String filename, byte[] content, Clock clock) {
        this.media = Objects.requireNonNull(media);
        this.kind = Objects.requireNonNull(kind);
        this.filename = Objects.requireNonNull(filename);
        this.content = content.clone();
        this.clock = Objects.requireNonNull(clock);
    }

    /** A media_id valid now, uploading the content if there is none or it is about to expire. */
    public synchronized String mediaId() {
        if (current == null || !current.freshAt(clock.instant())) {
            current = media.upload(kind, filename, content);
        }
        return current.mediaId();
    }

    /** Runs {@code use} with a valid media_id; on 40007 uploads again and runs it once more. */
    public <T> T withMediaId(Function<String, T> use) {
        String id = mediaId();
        try {
            return use.apply(id);
        } catch (WeComException e) {
            if (e.errcode() != 40007) {
                throw e;
            }
            synchronized (this) {
                if (current != null && current.mediaId().equals(id)) {
                    current = null;
                }
            }
            return use.apply(mediaId());
        }
    }

    /** The current upload, if any (for persistence and consoles). */
    public synchronized UploadedMedia current() {
        return current;
    }
}
