package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/**
 * Event {@code upload_media_job_finish} (doc 96219): a {@code media/upload_by_url} job ended; read its
 * result with {@code media/get_upload_by_url_result}.
 */
public record UploadMediaJobFinishEvent(CallbackMessage raw, String jobId) implements WeComEvent {
}
