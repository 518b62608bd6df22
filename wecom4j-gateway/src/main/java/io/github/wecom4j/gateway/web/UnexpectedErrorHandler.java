package io.github.wecom4j.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
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
    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e, HttpServletRequest request) {
        RequestBodyLimits.BodyTooLargeException tooLarge = RequestBodyLimits.BodyTooLargeException.causeOf(e);
        if (tooLarge != null) {
            return ApiErrorHandler.tooLarge(request, tooLarge.limit());
        }
        // Spring's other request errors are the caller's mistake, not ours: keep their 4xx.
        if (e instanceof org.springframework.web.ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            int status = response.getStatusCode().value();
            return ErrorReplies.reply(request, response.getStatusCode(), new ApiError(status,
                    "request refused (HTTP " + status + ")", ErrorEndpoint.hintFor(status)));
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("unexpected failure, reference {}", reference, e);
        return ErrorReplies.reply(request, HttpStatus.INTERNAL_SERVER_ERROR, new ApiError(-3,
                "internal error, reference " + reference,
                "the gateway failed unexpectedly; its log has the details under this reference / 网关内部错误，请按编号查日志"));
    }
}
