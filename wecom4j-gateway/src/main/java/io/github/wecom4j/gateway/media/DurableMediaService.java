package io.github.wecom4j.gateway.media;

import io.github.wecom4j.WeComApp;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.gateway.cluster.DatabaseClock;
import io.github.wecom4j.media.MediaKind;
import io.github.wecom4j.media.UploadedMedia;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
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
    /** Renewal claims are compared across instances: the database's clock ({@link DatabaseClock}). */
    private final Clock claimClock;
    /** How long a renewal claim lasts: an upload (20 MB at most) with the SDK's timeouts and retries. */
    static final java.time.Duration RENEWAL_CLAIM = java.time.Duration.ofMinutes(2);

    DurableMediaService(DurableMediaRepository repository, WeComClient wecom, Clock wecomClock,
                        @Qualifier("databaseClock") DatabaseClock claimClock) {
        this.claimClock = claimClock;
        this.repository = repository;
        this.uploader = wecom.apps().values().stream().findFirst().orElse(null);
        this.clock = wecomClock;
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
     * 20 MB) is read only to upload it. One caller across the instances claims the renewal (a
     * conditional update, committed at once) and uploads outside any transaction, so no database
     * connection waits for WeCom; the others wait for the new media_id. A lock of one JVM let every
     * instance upload its own copy; a row lock held across the upload tied up a pooled connection
     * per renewal.
     */
    public View currentMediaId(String id) {
        long waitUntil = System.nanoTime() + RENEWAL_CLAIM.toNanos();
        while (true) {
            DurableMediaRepository.Head head = repository.head(id).orElseThrow(() -> new NoSuchElementException("no media " + id));
            if (fresh(head)) {
                return view(head);
            }
            long systemNow = claimClock.millis();
            Instant staleIfCreatedBy = clock.instant().plus(UploadedMedia.RENEWAL_MARGIN).minus(UploadedMedia.LIFETIME);
            if (repository.claimRenewal(id, staleIfCreatedBy, systemNow, systemNow + RENEWAL_CLAIM.toMillis())) {
                try {
                    repository.recordUpload(id, uploader().media().upload(head.kind(), head.filename(), repository.content(id)));
                } catch (RuntimeException e) {
                    try {
                        repository.releaseRenewal(id);
                    } catch (RuntimeException release) {
                        e.addSuppressed(release); // the claim then lapses after RENEWAL_CLAIM
                    }
                    throw e;
                }
                return view(id);
            }
            if (System.nanoTime() - waitUntil > 0) {
                // busy, not a WeCom failure: 503 with Retry-After
                throw new org.springframework.dao.PessimisticLockingFailureException("media " + id
                        + " is being uploaded again by another instance; ask again");
            }
            try {
                Thread.sleep(50); // another caller is uploading: its media_id arrives within the upload's time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while another instance renewed media " + id, e);
            }
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
