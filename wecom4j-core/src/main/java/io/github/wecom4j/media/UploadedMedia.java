package io.github.wecom4j.media;

import java.time.Duration;
import java.time.Instant;

/**
 * A temporary upload: {@code media_id} works for 3 days from {@code createdAt} (doc 90253), for
 * every app of the corp.
 */
public record UploadedMedia(MediaKind kind, String mediaId, Instant createdAt) {

    public static final Duration LIFETIME = Duration.ofDays(3);

    public Instant expiresAt() {
        return createdAt.plus(LIFETIME);
    }
}
