package io.github.wecom4j.emulator.media;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.callback.CallbackPusher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code media/upload_by_url} and {@code get_upload_by_url_result} (doc 96219): a job per request;
 * {@link #PROCESSING_TIME} later on the virtual clock WeCom's side downloads the URL (really, over
 * HTTP), checks size, type and MD5, stores a temporary media (3 days) and pushes
 * {@code upload_media_job_finish} to the app. Until then the job reports status 1.
 *
 * <p>Failures of the job itself (download, size, MD5) are reported in {@code detail} with WeCom's
 * global codes of the same meaning (45001 size, 40004 type, 40058 MD5, -1 download); the job-specific
 * 83xxxx codes of the doc page could not be confirmed and are not invented here.
 */
public final class UrlUploads {

    /** How long WeCom takes, in virtual time, before a job finishes. */
    public static final Duration PROCESSING_TIME = Duration.ofSeconds(5);
    static final long MAX_BYTES = 200L << 20;

    private static final class Job {
        final String id;
        final int agentId;
        final String type;
        final String filename;
        final String url;
        final String md5;
        final Instant dueAt;
        boolean claimed;
        volatile int status = 1;
        volatile int errcode;
        volatile String errmsg = "";
        volatile String mediaId;
        volatile Instant createdAt;

        Job(String id, int agentId, String type, String filename, String url, String md5, Instant dueAt) {
            this.id = id;
            this.agentId = agentId;
            this.type = type;
            this.filename = filename;
            this.url = url;
            this.md5 = md5;
            this.dueAt = dueAt;
        }
    }

    private final MediaStore media;
    private final Clock clock;
    private final CallbackPusher pusher;
    private final java.util.function.Supplier<String> corpId;
    private final JsonMapper json;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public UrlUploads(MediaStore media, Clock clock, CallbackPusher pusher, java.util.function.Supplier<String> corpId,
                      JsonMapper json) {
        this.media = media;
        this.clock = clock;
        this.pusher = pusher;
        this.corpId = corpId;
        this.json = json;
    }

    /** {@code POST /cgi-bin/media/upload_by_url}. */
    public ObjectNode create(int agentId, JsonNode body) {
        if (body.path("scene").asInt(0) != 1) {
            throw new ApiError(40058, "invalid scene: only 1 (customer-group welcome material) is supported");
        }
        String type = body.path("type").asString("");
        if (!type.equals("video") && !type.equals("file")) {
            throw new ApiError(40005, "invalid media type: upload_by_url takes video or file");
        }
        String filename = body.path("filename").asString("");
        if (filename.isBlank() || filename.length() > 256) {
            throw new ApiError(40058, "invalid filename");
        }
        String url = body.path("url").asString("");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ApiError(40058, "invalid url");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (url.length() > 2048 || (!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            throw new ApiError(40058, "invalid url");
        }
        String md5 = body.path("md5").asString("");
        if (!md5.matches("[0-9a-fA-F]{32}")) {
            throw new ApiError(40058, "invalid md5");
        }
        byte[] b = new byte[24];
        random.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        jobs.put(id, new Job(id, agentId, type, filename, url, md5.toLowerCase(Locale.ROOT), clock.instant().plus(PROCESSING_TIME)));
        ObjectNode out = json.createObjectNode();
        out.put("jobid", id);
        return out;
    }

    /** {@code POST /cgi-bin/media/get_upload_by_url_result}: jobs are the app's own. */
    public ObjectNode result(int agentId, JsonNode body) {
        Job j = jobs.get(body.path("jobid").asString(""));
        if (j == null || j.agentId != agentId) {
            throw new ApiError(40058, "invalid jobid");
        }
        if (finishIfDue(j)) {
            announce(j);
        }
        ObjectNode out = json.createObjectNode();
        out.put("status", j.status);
        ObjectNode detail = out.putObject("detail");
        detail.put("errcode", j.errcode);
        detail.put("errmsg", j.status == 3 ? j.errmsg : "ok");
        if (j.status == 2) {
            detail.put("media_id", j.mediaId);
            detail.put("created_at", Long.toString(j.createdAt.getEpochSecond()));
        }
        return out;
    }

    /** Finishes every job whose time has come (the emulator's ticker, and each result query). */
    public void tick() {
        for (Job j : jobs.values()) {
            if (finishIfDue(j)) {
                announce(j);
            }
        }
    }

    /**
     * Runs the job if its time has come and nobody ran it; under the job's lock, so a result query
     * racing the ticker waits for the outcome instead of reading "processing".
     */
    private boolean finishIfDue(Job j) {
        synchronized (j) {
            if (j.claimed || clock.instant().isBefore(j.dueAt)) {
                return false;
            }
            j.claimed = true;
            run(j);
            return true;
        }
    }

    /** doc 96219: WeCom tells the app with an upload_media_job_finish event carrying the JobId. */
    private void announce(Job j) {
        try {
            pusher.push(j.agentId, "<xml><ToUserName><![CDATA[" + corpId.get() + "]]></ToUserName><FromUserName>"
                    + "<![CDATA[sys]]></FromUserName><CreateTime>" + clock.instant().getEpochSecond()
                    + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[upload_media_job_finish]]>"
                    + "</Event><JobId><![CDATA[" + j.id + "]]></JobId><AgentID>" + j.agentId + "</AgentID></xml>", 1);
        } catch (RuntimeException noCallbackUrl) {
            // an app without a callback URL gets no event, as in WeCom
        }
    }

    private void run(Job j) {
        byte[] content;
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(j.url)).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200 && r.statusCode() != 206) {
                    fail(j, -1, "download failed: HTTP " + r.statusCode());
                    return;
                }
                content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
            }
        } catch (IOException | IllegalArgumentException e) {
            fail(j, -1, "download failed: " + e.getClass().getSimpleName());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(j, -1, "download interrupted");
            return;
        }
        if (content.length > MAX_BYTES) {
            fail(j, 45001, "media size out of limit: at most 200 MB");
        } else if (content.length <= 5) {
            fail(j, 40006, "invalid file size");
        } else if (j.type.equals("video") && !j.filename.toLowerCase(Locale.ROOT).endsWith(".mp4")) {
            fail(j, 40004, "invalid media type: video must be mp4");
        } else if (!md5(content).equals(j.md5)) {
            fail(j, 40058, "md5 mismatch: the downloaded file differs from md5");
        } else {
            MediaStore.StoredMedia m = media.store(j.type, new MultipartUpload(j.filename,
                    j.type.equals("video") ? "video/mp4" : "application/octet-stream", content), false);
            j.mediaId = m.id();
            j.createdAt = m.createdAt();
            j.status = 2;
        }
    }

    private static void fail(Job j, int errcode, String errmsg) {
        j.errcode = errcode;
        j.errmsg = errmsg;
        j.status = 3;
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void reset() {
        jobs.clear();
    }
}
