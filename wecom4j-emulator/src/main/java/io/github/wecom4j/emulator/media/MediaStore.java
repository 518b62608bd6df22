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
    /** Speex 16 kHz recordings of voices uploaded through the JS-SDK, by media_id (media/get/jssdk). */
    private final ConcurrentMap<String, byte[]> hdVoices = new ConcurrentHashMap<>();

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

    /**
     * A voice a member recorded and uploaded with the JS-SDK's {@code uploadVoice}: WeCom keeps it
     * as AMR 8 kHz ({@code media/get}) and as speex 16 kHz ({@code media/get/jssdk}, doc 90255),
     * under one temporary media_id.
     */
    public StoredMedia storeJsSdkVoice(String filename, byte[] amr, byte[] speex) {
        StoredMedia m = store("voice", new MultipartUpload(filename, "audio/amr", amr), false);
        hdVoices.put(m.id(), speex.clone());
        return m;
    }

    /** The speex recording of a JS-SDK voice that is still alive. */
    public Optional<byte[]> hdVoice(String id) {
        return alive(id).map(m -> hdVoices.get(m.id()));
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
        hdVoices.clear();
    }
}
