package io.github.wecom4j.media;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComException;
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
        String mediaId = body.path("media_id").asString("");
        if (mediaId.isEmpty()) {
            // errcode 0 without a media_id (a proxy that mangled the answer): nothing to send with,
            // and kept as a handle it would be served for 3 days
            throw new WeComException(WeComException.TRANSPORT_FAILURE, "media/upload answered errcode 0 without media_id",
                    "/cgi-bin/media/upload");
        }
        return new UploadedMedia(kind, mediaId, createdAt > 0 ? Instant.ofEpochSecond(createdAt) : clock.instant());
    }

    /** {@code GET /cgi-bin/media/get}: the file, or 40007 once the media_id has expired. */
    public MediaFile download(String mediaId) {
        if (mediaId == null || mediaId.isBlank()) {
            throw new WeComValidationException(41006, "media_id is required");
        }
        WeComHttp.Download d = api.download("/cgi-bin/media/get", Map.of("media_id", mediaId));
        return new MediaFile(d.content(), d.contentType(), d.filename());
    }

    /**
     * {@code GET /cgi-bin/media/get/jssdk} (doc 90255): the high-definition recording of a voice a
     * member uploaded with the JS-SDK's {@code uploadVoice}, as speex at 16 kHz (what
     * {@link #download} returns for it is AMR at 8 kHz): meant for speech recognition. 40007 when the
     * media_id is unknown, expired or not such a recording.
     */
    public MediaFile downloadJsSdkVoice(String mediaId) {
        if (mediaId == null || mediaId.isBlank()) {
            throw new WeComValidationException(41006, "media_id is required");
        }
        WeComHttp.Download d = api.download("/cgi-bin/media/get/jssdk", Map.of("media_id", mediaId));
        return new MediaFile(d.content(), d.contentType(), d.filename());
    }

    /**
     * {@code POST /cgi-bin/media/upload_by_url} (doc 96219): WeCom downloads the file itself, for
     * files too large to send through {@link #upload} (video and file up to 200 MB). Returns the
     * job id; poll {@link #uploadByUrlResult} (or wait for the {@code upload_media_job_finish}
     * callback) for the media_id.
     */
    public String uploadByUrl(UploadByUrl request) {
        if (request == null) {
            throw new WeComValidationException(40058, "an UploadByUrl request is required");
        }
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("scene", request.scene());
        body.put("type", request.kind().wireName());
        body.put("filename", request.filename());
        body.put("url", request.url().toString());
        body.put("md5", request.md5().toLowerCase(java.util.Locale.ROOT));
        return api.post("/cgi-bin/media/upload_by_url", body).path("jobid").asString("");
    }

    /** {@code POST /cgi-bin/media/get_upload_by_url_result}: the job's status and, once done, its media_id. */
    public UploadJob uploadByUrlResult(String jobId) {
        if (jobId == null || jobId.isBlank()) {
            throw new WeComValidationException(40058, "jobid is required");
        }
        JsonNode r = api.post("/cgi-bin/media/get_upload_by_url_result", Map.of("jobid", jobId));
        JsonNode d = r.path("detail");
        JsonNode created = d.path("created_at");
        long createdAt = created.isNumber() ? created.asLong() : parse(created.asString(""));
        String mediaId = d.path("media_id").asString("");
        return new UploadJob(jobId, r.path("status").asInt(0), d.path("errcode").asInt(0), d.path("errmsg").asString(""),
                mediaId.isEmpty() ? null : mediaId, createdAt > 0 ? Instant.ofEpochSecond(createdAt) : null);
    }

    /** {@code POST /cgi-bin/media/uploadimg}: a permanent URL for images inside messages. */
    public URI uploadImage(String filename, byte[] content) {
        check(UPLOADIMG_MAX, MediaKind.IMAGE.extensions(), MediaKind.IMAGE, filename, content);
        String url = api.upload("/cgi-bin/media/uploadimg", Map.of(), filename, contentType(MediaKind.IMAGE, filename),
                content).path("url").asString("");
        if (url.isEmpty()) {
            throw new WeComException(WeComException.TRANSPORT_FAILURE, "media/uploadimg answered errcode 0 without url",
                    "/cgi-bin/media/uploadimg");
        }
        return URI.create(url);
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
