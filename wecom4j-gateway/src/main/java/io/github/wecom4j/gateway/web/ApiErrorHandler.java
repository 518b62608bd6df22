package io.github.wecom4j.gateway.web;

import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every failure of a gateway API becomes a small JSON body with WeCom's errcode and our hint, never
 * a stack trace. The SDK's messages are already free of tokens and secrets.
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(0)
class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    /** The error body of every gateway API. */
    record ApiErrorBody(int errcode, String errmsg, String hint) {
    }

    @ExceptionHandler(WeComValidationException.class)
    ResponseEntity<ApiErrorBody> invalid(WeComValidationException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ApiErrorBody(e.errcode(), e.errmsg(), e.hint()));
    }

    @ExceptionHandler(WeComException.class)
    ResponseEntity<ApiErrorBody> wecom(WeComException e) {
        log.warn("WeCom call failed: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(new ApiErrorBody(e.errcode(), e.errmsg(), e.hint()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ApiErrorBody> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(new ApiErrorBody(40035, e.getMessage(), "check the request parameters / 请检查请求参数"));
    }
}
