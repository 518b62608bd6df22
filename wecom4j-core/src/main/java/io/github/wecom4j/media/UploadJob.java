package io.github.wecom4j.media;

import java.time.Instant;

/**
 * The state of a {@code media/upload_by_url} job ({@code get_upload_by_url_result}, doc 96219):
 * {@code status} 1 = still processing, 2 = done ({@code mediaId} valid 3 days from
 * {@code createdAt}), 3 = failed ({@code errcode}/{@code errmsg} say why).
 */
public record UploadJob(String jobId, int status, int errcode, String errmsg, String mediaId, Instant createdAt) {

    public static final int PROCESSING = 1;
    public static final int DONE = 2;
    public static final int FAILED = 3;

    public boolean finished() {
        return status == DONE || status == FAILED;
    }

    public boolean succeeded() {
        return status == DONE && mediaId != null && !mediaId.isEmpty();
    }
}
