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

    record Row(String id, MediaKind kind, String filename, byte[] content, UploadedMedia current, int uploads) {
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

    Optional<Row> find(String id) {
        return jdbc.query("SELECT id, kind, filename, content, media_id, media_created_at, uploads FROM durable_media WHERE id = ?",
                (rs, i) -> {
                    MediaKind kind = MediaKind.fromWire(rs.getString(2));
                    String mediaId = rs.getString(5);
                    Timestamp created = rs.getTimestamp(6);
                    UploadedMedia current = mediaId == null ? null : new UploadedMedia(kind, mediaId, created.toInstant());
                    return new Row(rs.getString(1), kind, rs.getString(3), rs.getBytes(4), current, rs.getInt(7));
                }, id).stream().findFirst();
    }

    void recordUpload(String id, UploadedMedia uploaded) {
        jdbc.update("UPDATE durable_media SET media_id = ?, media_created_at = ?, uploads = uploads + 1 WHERE id = ?",
                uploaded.mediaId(), Timestamp.from(uploaded.createdAt()), id);
    }
}
