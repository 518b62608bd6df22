package io.github.wecom4j.gateway.media;

import io.github.wecom4j.WeComApp;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.media.MediaKind;
import io.github.wecom4j.media.UploadedMedia;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.NoSuchElementException;

/**
 * Durable media: the content lives in the database, so "give me a media_id for this" always
 * works, across restarts and past WeCom's 3 days. An upload happens only when there is no media_id
 * yet or it is within an hour of expiry (the same rule as the SDK's {@code DurableMedia}).
 * A media_id works for every app of the corp, so the first configured app uploads.
 */
@Service
public class DurableMediaService {

    /** What callers see of a durable media. */
    public record View(String id, String kind, String filename, int size, String mediaId, String mediaExpiresAt, int uploads) {
    }

    private final DurableMediaRepository repository;
    private final WeComApp uploader;
    private final Clock clock;
    /** Striped locks: bounded whatever ids callers send, one upload per media at a time. */
    private final Object[] locks = new Object[64];

    DurableMediaService(DurableMediaRepository repository, WeComClient wecom, Clock wecomClock) {
        this.repository = repository;
        this.uploader = wecom.apps().values().stream().findFirst().orElse(null);
        this.clock = wecomClock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Keeps the content under a cleaned file name, once its first bytes match its kind; checked against
     * WeCom's limits by a first upload, so bad files fail now.
     */
    public View store(String kind, String sentFilename, byte[] content) {
        String filename = UploadChecks.filename(sentFilename);
        MediaKind mediaKind;
        try {
            mediaKind = MediaKind.fromWire(kind);
        } catch (IllegalArgumentException e) {
            throw new WeComValidationException(40005, "kind must be image, voice, video or file");
        }
        UploadChecks.contentMatches(mediaKind, filename, content);
        UploadedMedia first = uploader().media().upload(mediaKind, filename, content);
        String id = repository.insert(mediaKind, filename, content, clock.instant());
        repository.recordUpload(id, first);
        return view(id);
    }

    /** A media_id valid now, uploading the stored content again when needed. */
    public View currentMediaId(String id) {
        synchronized (locks[Math.floorMod(id.hashCode(), locks.length)]) {
            DurableMediaRepository.Row row = repository.find(id).orElseThrow(() -> new NoSuchElementException("no media " + id));
            if (row.current() == null || !row.current().freshAt(clock.instant())) {
                repository.recordUpload(id, uploader().media().upload(row.kind(), row.filename(), row.content()));
            }
            return view(id);
        }
    }

    private WeComApp uploader() {
        if (uploader == null) {
            throw new WeComValidationException(48002, "durable media needs an app (wecom.apps): a contacts secret cannot upload");
        }
        return uploader;
    }

    public View view(String id) {
        DurableMediaRepository.Row row = repository.find(id).orElseThrow(() -> new NoSuchElementException("no media " + id));
        return new View(row.id(), row.kind().wireName(), row.filename(), row.content().length,
                row.current() == null ? null : row.current().mediaId(),
                row.current() == null ? null : row.current().expiresAt().toString(), row.uploads());
    }
}
