package io.github.wecom4j.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Every request body is bounded before it is buffered: a declared {@code Content-Length} over the
 * limit is refused at once (413) without reading a byte; a body without one (chunked) is counted
 * as it is read and reading stops with {@link BodyTooLargeException} at the limit. Limits are per
 * kind of endpoint ({@code gateway.limits.*}), sized to what WeCom itself accepts or sends.
 * Multipart uploads ({@code /api/media}) are bounded by Spring's multipart limits (WeCom's 20 MB).
 */
public final class RequestBodyLimits extends OncePerRequestFilter {

    /** {@code gateway.limits.*}. */
    @ConfigurationProperties("gateway.limits")
    public static class Properties {
        /**
         * A callback push: WeCom's encrypted event XML is a few KB (an approval with its whole
         * process is the largest seen); 256 KB leaves room and stops a flood.
         */
        private DataSize callbackBody = DataSize.ofKilobytes(256);
        /**
         * POST /api/messages: one WeCom-shaped message with its whole audience, which the outbox
         * splits into calls (e.g. 10,000 userids of up to 64 bytes) plus the largest content
         * (news: 8 articles; mpnews content up to 666 KB per WeCom's limit). Also the whole of
         * POST /api/messages/batch: a batch of mpnews that large is split by the caller.
         */
        private DataSize messageBody = DataSize.ofMegabytes(2);
        /**
         * POST /api/directory/sync: a whole desired org (JSON or CSV); 100,000 members of a few
         * hundred bytes each.
         */
        private DataSize directorySyncBody = DataSize.ofMegabytes(32);
        /** Every other JSON API. */
        private DataSize otherBody = DataSize.ofKilobytes(64);

        public DataSize getCallbackBody() {
            return callbackBody;
        }

        public void setCallbackBody(DataSize callbackBody) {
            this.callbackBody = callbackBody;
        }

        public DataSize getMessageBody() {
            return messageBody;
        }

        public void setMessageBody(DataSize messageBody) {
            this.messageBody = messageBody;
        }

        public DataSize getDirectorySyncBody() {
            return directorySyncBody;
        }

        public void setDirectorySyncBody(DataSize directorySyncBody) {
            this.directorySyncBody = directorySyncBody;
        }

        public DataSize getOtherBody() {
            return otherBody;
        }

        public void setOtherBody(DataSize otherBody) {
            this.otherBody = otherBody;
        }
    }

    /** Reading went past the limit of this endpoint. */
    public static final class BodyTooLargeException extends IOException {
        private final long limit;

        BodyTooLargeException(long limit) {
            super("request body larger than " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }

        /** This exception anywhere in {@code e}'s causes (Spring wraps it when reading a body), else null. */
        static BodyTooLargeException causeOf(Throwable e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof BodyTooLargeException tooLarge) {
                    return tooLarge;
                }
            }
            return null;
        }
    }

    private final Properties limits;
    private static final String MEDIA_UPLOAD = "/api/media";

    public RequestBodyLimits(Properties limits) {
        this.limits = limits;
    }

    /**
     * The limit for a path, in bytes; -1 for a multipart upload to the media endpoint, which
     * Spring's multipart limits bound (21 MB: WeCom's largest media). Only that path: a multipart
     * Content-Type elsewhere keeps the path's limit, or anyone could send 21 MB to any endpoint,
     * parsed before the API key is checked.
     */
    long limitFor(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String type = request.getContentType();
        if (path.equals(MEDIA_UPLOAD) && type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            return -1;
        }
        if (path.startsWith("/wecom/callback/")) {
            return limits.getCallbackBody().toBytes();
        }
        if (path.equals("/api/messages") || path.equals("/api/messages/batch")) {
            return limits.getMessageBody().toBytes();
        }
        if (path.equals("/api/directory/sync")) {
            return limits.getDirectorySyncBody().toBytes();
        }
        return limits.getOtherBody().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request);
        if (limit < 0) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            refuse(response, limit);
            return;
        }
        chain.doFilter(new Bounded(request, limit), response);
    }

    /** The 413 answer, in the shape of every gateway error. */
    static void refuse(HttpServletResponse response, long limit) throws IOException {
        response.setStatus(413);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Connection", "close");
        response.getOutputStream().write(tooLargeJson(limit).getBytes(StandardCharsets.UTF_8));
    }

    static String tooLargeJson(long limit) {
        return "{\"errcode\":45002,\"errmsg\":\"request body too large\",\"hint\":\"this endpoint accepts at most "
                + limit + " bytes (gateway.limits.*); split the request or send media through /api/media"
                + " / 请求体超过上限\"}";
    }

    private static final class Bounded extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            String enc = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), enc));
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, (int) Math.min(len, limit - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
