package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.web.ApiKeyInterceptor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.filter.ServerHttpObservationFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Locale;

/**
 * {@code POST /api/messages}, the gateway's hottest request, answered without the parts of Spring
 * MVC it does not need. A profile of intake showed ~60 % of request CPU around our code: the filters
 * behind this one (session, form, request context, WebSocket), the DispatcherServlet's handler
 * lookup, argument resolution, the {@code @RequestBody} String through message converters, and
 * {@code ResponseEntity} through Jackson's converter for a four-field answer. This filter runs
 * right after the body limit ({@code RequestBodyLimits}) and the {@code http.server.requests}
 * observation, does what {@link MessageController#send} and its interceptor did, and writes the 202
 * bytes itself.
 *
 * <p>Nothing a caller sees changes:
 * <ul>
 * <li>only the plain case is taken here (exact path, {@code application/json} body in UTF-8, an
 *     Accept that JSON satisfies, at most one {@code Idempotency-Key}); anything else goes down the
 *     usual chain, which answers 415, 406 and the rest exactly as before;</li>
 * <li>the key check is {@link ApiKeyInterceptor} itself, and happens before the body is read, as
 *     the interceptor did;</li>
 * <li>every failure is answered by Spring MVC's own exception handlers ({@link MessageErrors}), so
 *     400, 409, 413, 503 and 500 keep their bodies and headers;</li>
 * <li>the observation gets the path pattern the handler mapping gave it, so the
 *     {@code http.server.requests} meter keeps its {@code uri="/api/messages"} tag.</li>
 * </ul>
 */
final class MessageIntakeFilter extends HttpFilter {

    static final String PATH = "/api/messages";

    private final MessageOutbox outbox;
    private final ApiKeyInterceptor keyCheck;
    private final MessageErrors errors;

    MessageIntakeFilter(MessageOutbox outbox, ApiKeyInterceptor keyCheck, MessageErrors errors) {
        this.outbox = outbox;
        this.keyCheck = keyCheck;
        this.errors = errors;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!plain(request)) {
            chain.doFilter(request, response);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(PATH));
        try {
            if (!keyCheck.preHandle(request, response, null)) {
                return;
            }
            MessageOutbox.Enqueued<MessageOutbox.Accepted> enqueued = outbox.enqueue(body(request),
                    request.getHeader(IdempotencyKeys.HEADER));
            accepted(response, enqueued);
        } catch (Exception e) {
            errors.answer(request, response, e);
        }
    }

    /**
     * The request Spring MVC would route to {@link MessageController#send} and answer in JSON,
     * written the common way. The Content-Type rule is the mapping's {@code consumes}; only UTF-8
     * (JSON's encoding, RFC 8259) is taken here, the charset the String converter decoded with.
     */
    static boolean plain(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod()) || !PATH.equals(request.getRequestURI())) {
            return false;
        }
        String type = request.getContentType();
        if (type == null || !jsonInUtf8(type)) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept != null && !accept.equals("*/*") && !accept.equals("application/json")) {
            return false;
        }
        Enumeration<String> keys = request.getHeaders(IdempotencyKeys.HEADER);
        if (keys != null && keys.hasMoreElements()) {
            keys.nextElement();
            // Two headers: Spring joined them into one value; rare enough to leave to it.
            return !keys.hasMoreElements();
        }
        return true;
    }

    private static boolean jsonInUtf8(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        return t.equals("application/json") || t.equals("application/json;charset=utf-8")
                || t.equals("application/json;charset=\"utf-8\"");
    }

    /**
     * The body as the {@code @RequestBody String} was: decoded as UTF-8 (malformed bytes become
     * U+FFFD, as before); none at all is Spring's "required request body is missing", and a failed
     * read (the body limit, a client gone) is Spring's unreadable-body error, so both keep their answers.
     */
    private static String body(HttpServletRequest request) {
        byte[] bytes;
        try {
            long declared = request.getContentLengthLong();
            // With a Content-Length (already checked against the limit), exactly that many bytes:
            // readAllBytes would allocate and zero 16 KB chunks for a body of a few hundred bytes.
            // A body that ends early comes back short, as it did from reading to the end.
            bytes = declared >= 0 && declared <= Integer.MAX_VALUE
                    ? request.getInputStream().readNBytes((int) declared)
                    : request.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new HttpMessageNotReadableException("I/O error while reading input message", e,
                    new ServletServerHttpRequest(request));
        }
        if (bytes.length == 0) {
            throw new HttpMessageNotReadableException("Required request body is missing",
                    new ServletServerHttpRequest(request));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** 202 with the fields of {@link MessageOutbox.Accepted}, in the order Jackson wrote them. */
    private static void accepted(HttpServletResponse response, MessageOutbox.Enqueued<MessageOutbox.Accepted> enqueued)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        if (enqueued.replayed()) {
            // The first request's answer again; the header tells a caller that nothing new was queued.
            response.setHeader("Idempotent-Replayed", "true");
        }
        byte[] json = json(enqueued.accepted()).getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    static String json(MessageOutbox.Accepted a) {
        return "{\"id\":" + quote(a.id()) + ",\"state\":" + quote(a.state()) + ",\"calls\":" + a.calls()
                + ",\"duplicate_check_interval\":" + a.duplicateCheckInterval() + "}";
    }

    /** A JSON string; ids and states are plain ASCII, but a stored answer is escaped all the same. */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
