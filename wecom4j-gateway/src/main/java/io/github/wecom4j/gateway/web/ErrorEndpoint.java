package io.github.wecom4j.gateway.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}, where the servlet container sends what no handler answered (a filter's failure, a
 * {@code sendError}), in the gateway's error shape instead of Spring Boot's
 * {@code {timestamp, status, error, path}} or its Whitelabel page. Replaces Boot's
 * {@code BasicErrorController}, which backs off when an {@link ErrorController} exists.
 */
@RestController
class ErrorEndpoint implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(code instanceof Integer status) || status < 400) {
            // Asked for directly: there is no page here.
            return ErrorReplies.reply(request, HttpStatus.NOT_FOUND, ApiErrorHandler.notFound(request.getMethod(), "/error"));
        }
        ApiError error = status == 404
                ? ApiErrorHandler.notFound(request.getMethod(), path == null ? "this path" : path)
                : new ApiError(status == 500 ? -3 : status, describe(status), hintFor(status));
        return ErrorReplies.reply(new OriginalPath(request, path), HttpStatusCode.valueOf(status), error);
    }

    static String describe(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return "request refused (HTTP " + status + (known == null ? "" : " " + known.getReasonPhrase()) + ")";
    }

    /** What a caller can do about an HTTP-level refusal. */
    static String hintFor(int status) {
        return switch (status) {
            case 400 -> "the request line, a header or a parameter is malformed (percent-encode reserved characters"
                    + " such as { } | in URLs) / 请求格式错误";
            case 401 -> "send the header X-API-Key (APIs) or log in at /login (console) / 未认证";
            case 403 -> "this caller may not use this resource / 无权访问";
            case 404 -> "check the path / 路径不存在";
            case 405 -> "check the HTTP method in the docs / 请求方法不被支持";
            case 408 -> "the request took too long to arrive; send it again / 请求超时";
            case 413 -> "the body is larger than this endpoint accepts (gateway.limits.*) / 请求体过大";
            case 414 -> "the URL is too long; send long input in a POST body / URL 过长";
            case 415 -> "send the Content-Type the docs name (usually application/json) / 不支持的 Content-Type";
            case 431 -> "the request headers are too large / 请求头过大";
            default -> status >= 500 ? "the gateway failed; its log has the details / 网关内部错误"
                    : "check the request against the docs / 请检查请求";
        };
    }

    /** The error dispatch's own URI is /error; the page-or-JSON choice is made on the original path. */
    private static final class OriginalPath extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final String path;

        OriginalPath(HttpServletRequest request, String path) {
            super(request);
            this.path = path;
        }

        @Override
        public String getRequestURI() {
            return path == null ? super.getRequestURI() : path;
        }
    }
}
