package io.github.wecom4j.media;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.http.WeComHttp;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Temporary media (3-day {@code media_id}, doc 90253/90254) and permanent image URLs
 * ({@code uploadimg}, doc 90256). Limits are checked before anything is sent.
 */
public final class MediaService {

    /** uploadimg accepts JPG/PNG of 5 B to 2 MB (doc 90256). */
    static final long UPLOADIMG_MAX = 2L << 20;

    private final WeComApi api;
    private final Clock clock;

    public MediaService(WeComApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** {@code POST /cgi-bin/media/upload?type=}: a media_id valid for 3 days. */
    public UploadedMedia upload(MediaKind kind, String filename, byte[] content) {
        check(kind.maxBytes(), kind.extensions(), kind, filename, content);
        JsonNode body = api.upload("/cgi-bin/media/upload", Map.of("type", kind.wireName()), filename,
                contentType(kind, filename), content);
        // created_at is a string in the doc's example and a number in other captures: accept both.
        JsonNode created = body.path("created_at");
        long createdAt = created.isNumber() ? created.asLong() : parse(created.asString(""));
        return new UploadedMedia(kind, body.path("media_id").asString(""),
                createdAt > 0 ? Instant.ofEpochSecond(createdAt) : clock.instant());
    }

    /** {@code GET /cgi-bin/media/get}: the file, or 40007 once the media_id has expired. */
    public MediaFile download(String mediaId) {
        if (mediaId == null || mediaId.isBlank()) {
            throw new WeComValidationException(41006, "media_id is required");
        }
        WeComHttp.Download d = api.download("/cgi-bin/media/get", Map.of("media_id", mediaId));
        return new MediaFile(d.content(), d.contentType(), d.filename());
    }

    /** {@code POST /cgi-bin/media/uploadimg}: a permanent URL for images inside messages. */
    public URI uploadImage(String filename, byte[] content) {
        check(UPLOADIMG_MAX, MediaKind.IMAGE.extensions(), MediaKind.IMAGE, filename, content);
        return URI.create(api.upload("/cgi-bin/media/uploadimg", Map.of(), filename, contentType(MediaKind.IMAGE, filename),
                content).path("url").asString());
    }

    private static void check(long max, java.util.Set<String> extensions, MediaKind kind, String filename, byte[] content) {
        if (filename == null || filename.isBlank()) {
            throw new WeComValidationException(40063, "a file name is required (it is shown to recipients)");
        }
        if (content == null || content.length == 0) {
            throw new WeComValidationException(44001, "the file is empty");
        }
        if (content.length <= 5) {
            throw new WeComValidationException(40006, "WeCom needs files larger than 5 bytes");
        }
        if (content.length > max) {
            throw new WeComValidationException(45001, kind.wireName() + " files may be at most " + (max >> 20) + " MB");
        }
        if (!extensions.isEmpty() && !extensions.contains(kind.extensionOf(filename))) {
            throw new WeComValidationException(40004, kind.wireName() + " must be one of " + extensions + ": " + filename);
        }
    }

    private static String contentType(MediaKind kind, String filename) {
        return switch (kind.extensionOf(filename)) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "amr" -> "audio/amr";
            case "mp4" -> "video/mp4";
            default -> "application/octet-stream";
        };
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
