package io.github.wecom4j.gateway.media;

import io.github.wecom4j.WeComApp;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.media.MediaKind;
import io.github.wecom4j.media.UploadedMedia;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    DurableMediaService(DurableMediaRepository repository, WeComClient wecom, Clock wecomClock) {
        this.repository = repository;
        this.uploader = wecom.apps().values().iterator().next();
        this.clock = wecomClock;
    }

    /** Keeps the content; checked against WeCom's limits by a first upload, so bad files fail now. */
    public View store(String kind, String filename, byte[] content) {
        MediaKind mediaKind;
        try {
            mediaKind = MediaKind.fromWire(kind);
        } catch (IllegalArgumentException e) {
            throw new WeComValidationException(40005, "kind must be image, voice, video or file");
        }
        UploadedMedia first = uploader.media().upload(mediaKind, filename, content);
        String id = repository.insert(mediaKind, filename, content, clock.instant());
        repository.recordUpload(id, first);
        return view(id);
    }

    /** A media_id valid now, uploading the stored content again when needed. */
    public View currentMediaId(String id) {
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            DurableMediaRepository.Row row = repository.find(id).orElseThrow(() -> new NoSuchElementException("no media " + id));
            if (row.current() == null || !row.current().freshAt(clock.instant())) {
                repository.recordUpload(id, uploader.media().upload(row.kind(), row.filename(), row.content()));
            }
            return view(id);
        }
    }

    public View view(String id) {
        DurableMediaRepository.Row row = repository.find(id).orElseThrow(() -> new NoSuchElementException("no media " + id));
        return new View(row.id(), row.kind().wireName(), row.filename(), row.content().length,
                row.current() == null ? null : row.current().mediaId(),
                row.current() == null ? null : row.current().expiresAt().toString(), row.uploads());
    }
}
