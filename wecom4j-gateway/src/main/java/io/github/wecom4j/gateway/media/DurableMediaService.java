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
    private final org.springframework.transaction.support.TransactionTemplate tx;
    /**
     * Striped locks: bounded whatever ids callers send; threads of this instance wanting one media
     * wait here rather than each holding a database connection while they wait for the row's lock.
     */
    private final Object[] locks = new Object[64];

    DurableMediaService(DurableMediaRepository repository, WeComClient wecom, Clock wecomClock,
                        org.springframework.transaction.support.TransactionTemplate tx) {
        this.repository = repository;
        this.tx = tx;
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

    /**
     * A media_id valid now, uploading the stored content again when needed. The content (up to
     * 20 MB) is read only to upload it. A renewal is decided under the row's lock in the shared
     * database, held across the upload: instances asked at once upload once, and the others find
     * the new media_id (a lock of this JVM alone let each instance upload its own copy).
     */
    public View currentMediaId(String id) {
        DurableMediaRepository.Head head = repository.head(id).orElseThrow(() -> new NoSuchElementException("no media " + id));
        if (fresh(head)) {
            return view(head);
        }
        synchronized (locks[Math.floorMod(id.hashCode(), locks.length)]) {
            return tx.execute(s -> {
                DurableMediaRepository.Head locked = repository.headForUpdate(id)
                        .orElseThrow(() -> new NoSuchElementException("no media " + id));
                if (fresh(locked)) {
                    return view(locked); // renewed by another instance (or thread) meanwhile
                }
                repository.recordUpload(id, uploader().media().upload(locked.kind(), locked.filename(), repository.content(id)));
                return view(repository.head(id).orElseThrow());
            });
        }
    }

    private boolean fresh(DurableMediaRepository.Head head) {
        return head.current() != null && head.current().freshAt(clock.instant());
    }

    private WeComApp uploader() {
        if (uploader == null) {
            throw new WeComValidationException(48002, "durable media needs an app (wecom.apps): a contacts secret cannot upload");
        }
        return uploader;
    }

    public View view(String id) {
        return view(repository.head(id).orElseThrow(() -> new NoSuchElementException("no media " + id)));
    }

    private static View view(DurableMediaRepository.Head head) {
        return new View(head.id(), head.kind().wireName(), head.filename(), (int) head.size(),
                head.current() == null ? null : head.current().mediaId(),
                head.current() == null ? null : head.current().expiresAt().toString(), head.uploads());
    }
}
