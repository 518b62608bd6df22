package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.http.EmulatorHttpServer;
import io.github.wecom4j.emulator.http.EmulatorResponse;
import io.github.wecom4j.emulator.media.MediaStore;
import io.github.wecom4j.emulator.media.MultipartUpload;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Media like WeCom (doc 90253, 90254, 90255, 90256): multipart uploads with per-type limits, a media_id
 * valid 3 days, downloads as raw bytes (JSON 40007 once expired), JS-SDK voices in speex 16 kHz,
 * permanent image URLs.
 */
final class MediaRoutes {

    private record Limit(long maxBytes, java.util.Set<String> extensions) {
    }

    private static final Map<String, Limit> LIMITS = Map.of(
            "image", new Limit(10L << 20, java.util.Set.of("jpg", "jpeg", "png")),
            "voice", new Limit(2L << 20, java.util.Set.of("amr")),
            "video", new Limit(10L << 20, java.util.Set.of("mp4")),
            "file", new Limit(20L << 20, java.util.Set.of()));

    private final MediaStore store;
    private final JsonMapper json;
    private final Supplier<String> baseUrl;

    MediaRoutes(MediaStore store, JsonMapper json, Supplier<String> baseUrl) {
        this.store = store;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    void register(CgiBinDispatcher api, EmulatorHttpServer server) {
        api.postMultipart("/cgi-bin/media/upload", this::upload);
        api.postMultipart("/cgi-bin/media/uploadimg", this::uploadImage);
        api.getRaw("/cgi-bin/media/get", this::get);
        api.getRaw("/cgi-bin/media/get/jssdk", this::getJsSdkVoice);
        server.route("/_emulator/media/img/*", req -> {
            String id = req.path().substring("/_emulator/media/img/".length());
            return store.alive(id).filter(MediaStore.StoredMedia::permanent)
                    .map(m -> new EmulatorResponse(200, m.contentType().isEmpty() ? "image/png" : m.contentType(), m.content(), Map.of()))
                    .orElseGet(() -> EmulatorResponse.text(404, "no such image"));
        });
    }

    private ObjectNode upload(ApiCall call) {
        String type = call.requireParam("type", 40005);
        Limit limit = LIMITS.get(type);
        if (limit == null) {
            throw new ApiError(40005, "invalid media type: " + type);
        }
        MultipartUpload upload = MultipartUpload.parse(call.request().header("Content-Type"), call.request().body());
        check(upload, limit);
        MediaStore.StoredMedia m = store.store(type, upload, false);
        ObjectNode out = json.createObjectNode();
        out.put("type", type);
        out.put("media_id", m.id());
        out.put("created_at", Long.toString(m.createdAt().getEpochSecond()));
        return out;
    }

    private ObjectNode uploadImage(ApiCall call) {
        MultipartUpload upload = MultipartUpload.parse(call.request().header("Content-Type"), call.request().body());
        check(upload, new Limit(2L << 20, java.util.Set.of("jpg", "jpeg", "png")));
        MediaStore.StoredMedia m = store.store("image", upload, true);
        ObjectNode out = json.createObjectNode();
        out.put("url", baseUrl.get() + "/_emulator/media/img/" + m.id());
        return out;
    }

    private EmulatorResponse get(ApiCall call) {
        String id = call.requireParam("media_id", 41006);
        MediaStore.StoredMedia m = store.alive(id).filter(x -> !x.permanent())
                .orElseThrow(() -> new ApiError(40007, "invalid media_id"));
        String contentType = m.contentType().isEmpty() ? "application/octet-stream" : m.contentType();
        // Header values are ISO-8859-1: an ASCII fallback name plus the UTF-8 name (RFC 6266/5987).
        String ascii = m.filename().replaceAll("[^A-Za-z0-9._-]", "_");
        String utf8 = java.net.URLEncoder.encode(m.filename(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return new EmulatorResponse(200, contentType, m.content(), Map.of("Content-Disposition",
                "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + utf8));
    }

    /** doc 90255: only JS-SDK voices have a speex recording; anything else is 40007, like an expired id. */
    private EmulatorResponse getJsSdkVoice(ApiCall call) {
        String id = call.requireParam("media_id", 41006);
        byte[] speex = store.hdVoice(id).orElseThrow(() -> new ApiError(40007, "invalid media_id"));
        return new EmulatorResponse(200, "voice/speex", speex, Map.of("Content-Disposition",
                "attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9._-]", "_") + ".speex\""));
    }

    private static void check(MultipartUpload upload, Limit limit) {
        if (upload.content().length == 0) {
            throw new ApiError(44001, "empty media data");
        }
        if (upload.content().length <= 5) {
            throw new ApiError(40006, "invalid file size");
        }
        if (upload.content().length > limit.maxBytes()) {
            throw new ApiError(45001, "media size out of limit");
        }
        String name = upload.filename().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (!limit.extensions().isEmpty() && !limit.extensions().contains(ext)) {
            throw new ApiError(40004, "invalid media type");
        }
    }
}
