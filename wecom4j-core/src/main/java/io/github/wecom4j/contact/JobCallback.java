package io.github.wecom4j.contact;

/**
 * Where WeCom announces a finished job (a {@code batch_job_result} event, doc 90980): a URL with
 * its own Token and EncodingAESKey, sealed like every callback.
 */
public record JobCallback(String url, String token, String encodingAesKey) {
}
