package io.github.wecom4j.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.UUID;

/**
 * The last resort, consulted after every other handler: an unexpected failure becomes
 * {@code {errcode: -3, errmsg, hint}} with a reference to the log, never a stack trace.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnexpectedErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

    /**
     * Anything unexpected: logged with a reference the caller can quote, answered without detail
     * (an exception message may carry data that is not the caller's to see).
     */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ApiErrorHandler.ApiErrorBody> unexpected(RuntimeException e) {
        // Spring's own request errors are the caller's mistake, not ours: keep them 4xx.
        if (e instanceof org.springframework.web.multipart.MaxUploadSizeExceededException) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(new ApiErrorHandler.ApiErrorBody(45001,
                    "upload too large", "WeCom media are at most 20 MB (files), 10 MB (images, video) / 文件过大"));
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RequestBodyLimits.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(new ApiErrorHandler.ApiErrorBody(45002,
                        "request body too large", "this endpoint accepts at most " + tooLarge.limit()
                        + " bytes (gateway.limits.*) / 请求体超过上限"));
            }
        }
        if (e instanceof org.springframework.beans.TypeMismatchException
                || e instanceof org.springframework.http.converter.HttpMessageNotReadableException) {
            return ResponseEntity.badRequest().body(new ApiErrorHandler.ApiErrorBody(40035,
                    "malformed request: a parameter or the body has the wrong type", "check the request / 请检查请求参数"));
        }
        if (e instanceof org.springframework.web.ErrorResponse response) {
            return ResponseEntity.status(response.getStatusCode()).body(new ApiErrorHandler.ApiErrorBody(40035,
                    "request refused (HTTP " + response.getStatusCode().value() + ")", "check the request / 请检查请求"));
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("unexpected failure, reference {}", reference, e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(new ApiErrorHandler.ApiErrorBody(-3,
                "internal error, reference " + reference,
                "the gateway failed unexpectedly; its log has the details under this reference / 网关内部错误，请按编号查日志"));
    }

}
