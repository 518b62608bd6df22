package io.github.wecom4j.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes an {@link ApiError}: JSON for machines, always on {@code /api/**}, the callback URL and
 * actuator; a small readable page with a link back for a person's browser on the other paths (the
 * login flow, the console's pages), whatever the caller's Accept header allows. The body is a
 * String with its content type set, so no content negotiation can turn an error into a 406 or 500.
 */
public final class ErrorReplies {

    private ErrorReplies() {
    }

    public static ResponseEntity<String> reply(HttpServletRequest request, HttpStatusCode status, ApiError error) {
        if (wantsPage(request.getRequestURI(), request.getHeader("Accept"))) {
            return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .body(page(status.value(), error, backLink(request.getRequestURI())));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error.json());
    }

    /** For filters and Tomcat, where no Spring MVC runs. */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status, ApiError error) throws IOException {
        response.setStatus(status);
        byte[] body;
        if (wantsPage(request.getRequestURI(), request.getHeader("Accept"))) {
            response.setContentType("text/html;charset=UTF-8");
            body = page(status, error, backLink(request.getRequestURI())).getBytes(StandardCharsets.UTF_8);
        } else {
            response.setContentType("application/json");
            body = error.json().getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A person's browser on a page of the gateway (not an API): Accept names text/html. */
    static boolean wantsPage(String path, String accept) {
        if (path == null || accept == null || !accept.contains("text/html")) {
            return false;
        }
        return !(path.startsWith("/api/") || path.equals("/api") || path.startsWith("/wecom/") || path.startsWith("/actuator"));
    }

    private static String backLink(String path) {
        return path != null && path.startsWith("/login") ? "/login" : "/";
    }

    static String page(int status, ApiError error, String back) {
        String backText = "/login".equals(back) ? "Log in again / 重新登录" : "Back to the gateway / 返回首页";
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + status + " - wecom4j gateway</title><link rel=\"stylesheet\" href=\"/console.css\"></head>"
                + "<body><main><h1>Something went wrong (" + status + ")</h1>"
                + "<p><strong>" + HtmlUtils.htmlEscape(error.errmsg()) + "</strong></p>"
                + "<p>" + HtmlUtils.htmlEscape(error.hint()) + "</p>"
                + "<p class=\"muted\">errcode " + error.errcode() + "</p>"
                + "<p><a href=\"" + back + "\">" + backText + "</a></p></main></body></html>";
    }
}
