package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/**
 * Event {@code batch_job_result} (doc 90973): an asynchronous contacts job finished.
 * {@code JobType} is sync_user, replace_user, invite_user or replace_party; {@code errCode} 0 is
 * success (null if WeCom sent no readable code).
 */
public record BatchJobResultEvent(CallbackMessage raw, String jobId, String jobType, Integer errCode, String errMsg)
        implements WeComEvent {
}
