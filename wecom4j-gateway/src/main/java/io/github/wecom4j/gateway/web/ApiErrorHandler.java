package io.github.wecom4j.gateway.web;

import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

import java.util.stream.Collectors;

/**
 * Every failure of a gateway API becomes {@link ApiError} ({@code {errcode, errmsg, hint}}), never
 * a stack trace or an exception's text: our own refusals, WeCom's answers and Spring MVC's request
 * errors (404, 405, 415, missing or mistyped parameters, unreadable bodies, broken multipart). The
 * SDK's messages are already free of tokens and secrets; WeCom's own errmsg is cut before its
 * {@code from ip} part, which against real WeCom names the gateway's egress address.
 */
@RestControllerAdvice
@Order(0)
class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    private static final String CHECK_DOCS = "see the docs page of this API (docs/*.md) / 请查阅接口文档";

    @ExceptionHandler(WeComValidationException.class)
    ResponseEntity<String> invalid(WeComValidationException e, HttpServletRequest request) {
        return ErrorReplies.reply(request, HttpStatus.BAD_REQUEST, new ApiError(e.errcode(), e.errmsg(), e.hint()));
    }

    @ExceptionHandler(WeComException.class)
    ResponseEntity<String> wecom(WeComException e, HttpServletRequest request) {
        log.warn("WeCom call failed: {}", e.getMessage());
        return ErrorReplies.reply(request, HttpStatus.BAD_GATEWAY, new ApiError(e.errcode(), WeComErrmsg.publicPart(e.errmsg()), e.hint()));
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
    ResponseEntity<String> databaseUnavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("database unavailable, request refused: {}", e.getClass().getSimpleName());
        return retryLater(ErrorReplies.reply(request, HttpStatus.SERVICE_UNAVAILABLE,
                new ApiError(-1, "the gateway's database is unavailable; nothing was stored",
                        "retry in a few seconds; the request was not accepted / 网关数据库暂不可用，请求未被接受，请稍后重试")));
    }

    /**
     * The database failed in the middle of a transaction (the connection died at commit or
     * rollback): whether it was stored is not known here, so the caller is told to retry, and not
     * told that nothing was stored.
     */
    @ExceptionHandler(org.springframework.transaction.TransactionSystemException.class)
    ResponseEntity<String> databaseFailedMidway(RuntimeException e, HttpServletRequest request) {
        log.warn("database failed during a transaction: {}", e.getClass().getSimpleName());
        return retryLater(ErrorReplies.reply(request, HttpStatus.SERVICE_UNAVAILABLE,
                new ApiError(-1, "the gateway's database failed during the request",
                        "retry in a few seconds (with the same Idempotency-Key, so a request that was stored is not"
                                + " stored twice) / 网关数据库异常，请稍后用同一幂等键重试")));
    }

    private static ResponseEntity<String> retryLater(ResponseEntity<String> reply) {
        return ResponseEntity.status(reply.getStatusCode()).headers(reply.getHeaders()).header("Retry-After", "5").body(reply.getBody());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<String> badRequest(IllegalArgumentException e, HttpServletRequest request) {
        // The gateway's own checks throw plain IllegalArgumentExceptions worded for the caller; a
        // subclass (NumberFormatException's "For input string ...") comes from a library: not passed on.
        String errmsg = e.getClass() == IllegalArgumentException.class && e.getMessage() != null ? e.getMessage()
                : "a request parameter is not valid";
        return ErrorReplies.reply(request, HttpStatus.BAD_REQUEST, new ApiError(40035, errmsg, "check the request parameters / 请检查请求参数"));
    }

    // --- Spring MVC's own request errors: the caller's mistake, so 4xx, named without exception text.

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<String> noSuchPath(Exception e, HttpServletRequest request) {
        return ErrorReplies.reply(request, HttpStatus.NOT_FOUND, notFound(request.getMethod(), request.getRequestURI()));
    }

    static ApiError notFound(String method, String path) {
        return new ApiError(404, "nothing at " + method + " " + path,
                "check the path: the gateway's APIs are under /api/messages, /api/media, /api/callbacks, /api/directory,"
                        + " /api/jssdk; " + CHECK_DOCS);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        String allowed = e.getSupportedHttpMethods() == null ? "" : e.getSupportedHttpMethods().stream()
                .map(Object::toString).collect(Collectors.joining(", "));
        ResponseEntity<String> reply = ErrorReplies.reply(request, HttpStatus.METHOD_NOT_ALLOWED, new ApiError(405,
                request.getMethod() + " is not allowed on " + request.getRequestURI(),
                "use " + (allowed.isEmpty() ? "another method" : allowed) + " / 请求方法不被支持"));
        return allowed.isEmpty() ? reply
                : ResponseEntity.status(reply.getStatusCode()).headers(reply.getHeaders()).header(HttpHeaders.ALLOW, allowed).body(reply.getBody());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<String> wrongContentType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        String supported = e.getSupportedMediaTypes().stream().map(Object::toString).distinct().collect(Collectors.joining(", "));
        return ErrorReplies.reply(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, new ApiError(415,
                "Content-Type " + (e.getContentType() == null ? "(none)" : e.getContentType()) + " is not accepted here",
                "send the body as " + (supported.isEmpty() ? "application/json" : supported) + " / 请使用正确的 Content-Type"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<String> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return ErrorReplies.reply(request, HttpStatus.NOT_ACCEPTABLE, new ApiError(406,
                "this API answers application/json only", "accept application/json (or */*) / 接口只返回 JSON"));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<String> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return ErrorReplies.reply(request, HttpStatus.BAD_REQUEST, new ApiError(40035,
                "missing parameter '" + e.getParameterName() + "'", "add ?" + e.getParameterName() + "=... ; " + CHECK_DOCS));
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    ResponseEntity<String> missingPart(MissingServletRequestPartException e, HttpServletRequest request) {
        return ErrorReplies.reply(request, HttpStatus.BAD_REQUEST, new ApiError(40035,
                "missing multipart part '" + e.getRequestPartName() + "'",
                "send multipart/form-data with a part named " + e.getRequestPartName() + ", e.g. curl -F "
                        + e.getRequestPartName() + "=@photo.png / 缺少上传的文件"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<String> mistyped(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        Class<?> type = e.getRequiredType();
        boolean number = type != null && (Number.class.isAssignableFrom(type)
                || (type.isPrimitive() && type != boolean.class && type != char.class));
        String wanted = number ? "a whole number" + (type == int.class || type == Integer.class ? " (up to 2147483647)" : "")
                : type == null ? "another value" : "a " + type.getSimpleName();
        return ErrorReplies.reply(request, HttpStatus.BAD_REQUEST, new ApiError(40035,
                "parameter '" + e.getName() + "' must be " + wanted, "fix the value of " + e.getName() + "; " + CHECK_DOCS));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<String> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        RequestBodyLimits.BodyTooLargeException tooLarge = RequestBodyLimits.BodyTooLargeException.causeOf(e);
        if (tooLarge != null) {
            return tooLarge(request, tooLarge.limit());
        }
        String where = "";
        if (e.getCause() instanceof JacksonException json && json.getLocation() != null && json.getLocation().getLineNr() > 0) {
            where = " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
        }
        return ErrorReplies.reply(request, HttpStatus.BAD_REQUEST, new ApiError(40058,
                "the request body is not valid JSON of the expected shape" + where,
                "send one JSON object with the documented fields and types (no duplicate keys) / 请求体不是合法的 JSON"));
    }

    /**
     * Tomcat refused the query or form parameters (a broken percent-encoding such as {@code ?after=%},
     * too many parameters): the caller's request is malformed, whatever Tomcat's exception says.
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<String> malformedParameters(RuntimeException e, HttpServletRequest request) {
        return ErrorReplies.reply(request, HttpStatus.BAD_REQUEST, new ApiError(40035,
                "the query or form parameters could not be read", ErrorEndpoint.hintFor(400)));
    }

    static ResponseEntity<String> tooLarge(HttpServletRequest request, long limit) {
        return ErrorReplies.reply(request, HttpStatus.PAYLOAD_TOO_LARGE, new ApiError(45002, "request body too large",
                "this endpoint accepts at most " + limit + " bytes (gateway.limits.*) / 请求体超过上限"));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<String> uploadTooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        return ErrorReplies.reply(request, HttpStatus.PAYLOAD_TOO_LARGE, new ApiError(45001,
                "upload too large", "WeCom media are at most 20 MB (files), 10 MB (images, video) / 文件过大"));
    }

    /** A body declared multipart that is not (a JSON body, a broken boundary): the caller's mistake. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<String> brokenMultipart(MultipartException e, HttpServletRequest request) {
        RequestBodyLimits.BodyTooLargeException tooLarge = RequestBodyLimits.BodyTooLargeException.causeOf(e);
        if (tooLarge != null) {
            return tooLarge(request, tooLarge.limit());
        }
        log.info("unreadable multipart request to {}: {}", request.getRequestURI(), e.getClass().getSimpleName());
        return ErrorReplies.reply(request, HttpStatus.BAD_REQUEST, new ApiError(40035,
                "the multipart body could not be read",
                "send multipart/form-data with a part named file (curl -F file=@photo.png -F kind=image) / 上传格式错误"));
    }
}
