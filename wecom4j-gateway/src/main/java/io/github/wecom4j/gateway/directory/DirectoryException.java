package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.web.ApiError;
import io.github.wecom4j.gateway.web.ErrorReplies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;

/** A directory API refusal with its HTTP status and the gateway's error body. */
final class DirectoryException extends RuntimeException {

    private final int status;
    private final int errcode;
    private final String hint;
    /** Seconds for a Retry-After header, 0 for none. */
    private final long retryAfterSeconds;

    DirectoryException(int status, int errcode, String errmsg, String hint) {
        this(status, errcode, errmsg, hint, 0);
    }

    private DirectoryException(int status, int errcode, String errmsg, String hint, long retryAfterSeconds) {
        super(errmsg, null, false, false);
        this.status = status;
        this.errcode = errcode;
        this.hint = hint;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    int status() {
        return status;
    }

    int errcode() {
        return errcode;
    }

    String hint() {
        return hint;
    }

    /**
     * An on-demand reconcile asked for again within {@code gateway.directory.reconcile-min-interval}:
     * each one reads the whole directory from WeCom (2,000+ calls for a large corp, against WeCom's
     * per-corp frequency limits), so 429 with WeCom's own "api freq out of limit" code.
     */
    static DirectoryException reconcileTooSoon(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new DirectoryException(429, 45009, "the directory was reconciled on demand less than the minimum interval ago",
                "retry after " + seconds + " s (gateway.directory.reconcile-min-interval); GET /api/directory/status"
                        + " shows the last result / 对账过于频繁，请稍后重试", seconds);
    }

    /** The gateway's error shape, with Retry-After when the refusal says when to come back. */
    ResponseEntity<String> reply(HttpServletRequest request) {
        ResponseEntity<String> reply = ErrorReplies.reply(request, HttpStatus.valueOf(status), new ApiError(errcode, getMessage(), hint));
        if (retryAfterSeconds <= 0) {
            return reply;
        }
        return ResponseEntity.status(reply.getStatusCode()).headers(reply.getHeaders())
                .header("Retry-After", Long.toString(retryAfterSeconds)).body(reply.getBody());
    }

    static DirectoryException notLoaded() {
        return new DirectoryException(503, -1, "the directory mirror is not loaded yet",
                "the first load runs in the background after start; POST /api/directory/reconcile loads it now"
                        + " / 通讯录镜像尚未加载完成");
    }
}
