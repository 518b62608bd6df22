package io.github.wecom4j.emulator.media;

import io.github.wecom4j.emulator.VirtualClock;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Uploaded media: temporary ones expire 3 days after upload (virtual clock); images from uploadimg never. */
public final class MediaStore {

    public static final Duration TEMPORARY_LIFETIME = Duration.ofDays(3);

    /** One stored file. */
    public record StoredMedia(String id, String type, String filename, String contentType, byte[] content, Instant createdAt,
                              boolean permanent) {
    }

    private final VirtualClock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, StoredMedia> media = new ConcurrentHashMap<>();

    public MediaStore(VirtualClock clock) {
        this.clock = clock;
    }

    public StoredMedia store(String type, MultipartUpload upload, boolean permanent) {
        byte[] idBytes = new byte[33];
        random.nextBytes(idBytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
        StoredMedia m = new StoredMedia(id, type, upload.filename(), upload.contentType(), upload.content(), clock.instant(), permanent);
        media.put(id, m);
        return m;
    }

    /** A stored file that is still alive now. */
    public Optional<StoredMedia> alive(String id) {
        StoredMedia m = media.get(id);
        if (m == null || (!m.permanent() && !clock.instant().isBefore(m.createdAt().plus(TEMPORARY_LIFETIME)))) {
            return Optional.empty();
        }
        return Optional.of(m);
    }

    public int size() {
        return media.size();
    }

    public void reset() {
        media.clear();
    }
}
