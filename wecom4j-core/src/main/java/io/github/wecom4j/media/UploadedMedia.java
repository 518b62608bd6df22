package io.github.wecom4j.media;

import java.time.Duration;
import java.time.Instant;

/**
 * A temporary upload: {@code media_id} works for 3 days from {@code createdAt} (doc 90253), for
 * every app of the corp.
 */
public record UploadedMedia(MediaKind kind, String mediaId, Instant createdAt) {

    public static final Duration LIFETIME = Duration.ofDays(3);

    /** Uploads are replaced this long before the documented expiry, never used at their last second. */
    public static final Duration RENEWAL_MARGIN = Duration.ofHours(1);

    public Instant expiresAt() {
        return createdAt.plus(LIFETIME);
    }

    /** Still good to send at {@code now}, with {@link #RENEWAL_MARGIN} to spare. */
    public boolean freshAt(Instant now) {
        return now.plus(RENEWAL_MARGIN).isBefore(expiresAt());
    }
}
