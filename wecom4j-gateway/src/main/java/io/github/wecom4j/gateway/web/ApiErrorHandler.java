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

    /**
     * The database is unreachable (or its pool exhausted): nothing was stored, so nothing was
     * accepted. 503 with WeCom's own "busy, retry later" code, and Retry-After, so callers retry;
     * the gateway reconnects by itself when the database is back.
     */
    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.dao.TransientDataAccessException.class,
            org.springframework.dao.RecoverableDataAccessException.class,
            org.springframework.transaction.CannotCreateTransactionException.class})
    ResponseEntity<ApiErrorBody> databaseUnavailable(RuntimeException e) {
        log.warn("database unavailable, request refused: {}", e.getClass().getSimpleName());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(new ApiErrorBody(-1, "the gateway's database is unavailable; nothing was stored",
                        "retry in a few seconds; the request was not accepted / 网关数据库暂不可用，请求未被接受，请稍后重试"));
    }

    /**
     * The database failed in the middle of a transaction (the connection died at commit or
     * rollback): whether it was stored is not known here, so the caller is told to retry, and not
     * told that nothing was stored.
     */
    @ExceptionHandler(org.springframework.transaction.TransactionSystemException.class)
    ResponseEntity<ApiErrorBody> databaseFailedMidway(RuntimeException e) {
        log.warn("database failed during a transaction: {}", e.getClass().getSimpleName());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(new ApiErrorBody(-1, "the gateway's database failed during the request",
                        "retry in a few seconds (with the same Idempotency-Key, so a request that was stored is not"
                                + " stored twice) / 网关数据库异常，请稍后用同一幂等键重试"));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ApiErrorBody> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(new ApiErrorBody(40035, e.getMessage(), "check the request parameters / 请检查请求参数"));
    }
}
