package io.github.wecom4j.gateway.media;

import io.github.wecom4j.media.MediaKind;
import io.github.wecom4j.media.UploadedMedia;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Durable media rows: the content, and the last media_id WeCom gave for it. */
@Repository
class DurableMediaRepository {

    /** A row without its content (up to 20 MB), and the content's size. */
    record Head(String id, MediaKind kind, String filename, long size, UploadedMedia current, int uploads) {
    }

    private final JdbcTemplate jdbc;

    DurableMediaRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    String insert(MediaKind kind, String filename, byte[] content, Instant now) {
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO durable_media (id, kind, filename, content, created_at) VALUES (?, ?, ?, ?, ?)",
                id, kind.wireName(), filename, content, Timestamp.from(now));
        return id;
    }

    Optional<Head> head(String id) {
        return jdbc.query("SELECT id, kind, filename, OCTET_LENGTH(content), media_id, media_created_at, uploads"
                + " FROM durable_media WHERE id = ?", (rs, i) -> head(rs), id).stream().findFirst();
    }

    /**
     * Claims the renewal of a stale upload until {@code claimUntil} (system clock): true for one
     * caller at a time across instances, and only while the upload is still stale (created at or
     * before {@code staleIfCreatedBy}, or none yet) and no live claim exists.
     */
    boolean claimRenewal(String id, Instant staleIfCreatedBy, long systemNow, long claimUntil) {
        return jdbc.update("UPDATE durable_media SET renewing_until = ? WHERE id = ? AND (renewing_until IS NULL"
                + " OR renewing_until < ?) AND (media_id IS NULL OR media_created_at <= ?)", claimUntil, id, systemNow,
                Timestamp.from(staleIfCreatedBy)) == 1;
    }

    /** A renewal that failed: the claim goes, the next caller tries again. */
    void releaseRenewal(String id) {
        jdbc.update("UPDATE durable_media SET renewing_until = NULL WHERE id = ?", id);
    }

    byte[] content(String id) {
        return jdbc.queryForObject("SELECT content FROM durable_media WHERE id = ?", byte[].class, id);
    }

    private static Head head(java.sql.ResultSet rs) throws java.sql.SQLException {
        MediaKind kind = MediaKind.fromWire(rs.getString(2));
        String mediaId = rs.getString(5);
        Timestamp created = rs.getTimestamp(6);
        UploadedMedia current = mediaId == null ? null : new UploadedMedia(kind, mediaId, created.toInstant());
        return new Head(rs.getString(1), kind, rs.getString(3), rs.getLong(4), current, rs.getInt(7));
    }

    /** The upload WeCom answered; a renewal claim ends with it. */
    void recordUpload(String id, UploadedMedia uploaded) {
        jdbc.update("UPDATE durable_media SET media_id = ?, media_created_at = ?, uploads = uploads + 1,"
                + " renewing_until = NULL WHERE id = ?", uploaded.mediaId(), Timestamp.from(uploaded.createdAt()), id);
    }
}
