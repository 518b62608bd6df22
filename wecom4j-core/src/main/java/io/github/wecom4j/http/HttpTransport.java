package io.github.wecom4j.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the SDK moves one HTTP request and its answer: the only part of {@link WeComHttp} that
 * touches the network, so another HTTP client can stand in (the JDK's {@link JdkHttpTransport} by
 * default; {@code wecom4j-httpclient5} offers one on Apache HttpCore 5). Retries, errcodes, tokens and
 * metrics stay in {@link WeComHttp}: a transport makes exactly one attempt and never retries.
 *
 * <p>{@link WeComHttp} decides what may be retried from the exception alone, so a transport must
 * report failures with these types (all {@link IOException}s):
 * <ul>
 *   <li>the request provably never reached the server (refused, unreachable, connect timed out,
 *   no pooled connection within the timeout): {@link java.net.ConnectException} or
 *   {@link java.net.http.HttpConnectTimeoutException}; such a POST is retried;</li>
 *   <li>no answer within {@link Request#timeout()} after the request was (maybe) sent:
 *   {@link java.net.http.HttpTimeoutException}; a POST is then not repeated;</li>
 *   <li>anything else (reset, closed mid-answer, TLS failure): any other {@link IOException}.</li>
 * </ul>
 * TLS must be verified as the platform does by default (trust store, host name); a transport never
 * relaxes either. Implementations are thread-safe and pool connections.
 */
public interface HttpTransport extends AutoCloseable {

    /** One attempt: send the request, read the whole answer. */
    Response send(Request request) throws IOException, InterruptedException;

    /**
     * A short name for consoles, health details and logs ({@code "jdk"}, {@code "httpclient5"}), so
     * an operator can tell which client a running service sends through.
     */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Releases pooled connections and threads; the transport is unusable afterwards. */
    @Override
    default void close() {
    }

    /**
     * A request: {@code GET} (body null) or {@code POST} with a body of {@code contentType}.
     *
     * @param timeout how long to wait for the answer once the request is on its way
     */
    record Request(String method, URI uri, String contentType, byte[] body, Duration timeout) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(timeout, "timeout");
            if (body != null && contentType == null) {
                throw new IllegalArgumentException("a body needs a content type");
            }
        }

        public static Request get(URI uri, Duration timeout) {
            return new Request("GET", uri, null, null, timeout);
        }

        public static Request post(URI uri, String contentType, byte[] body, Duration timeout) {
            return new Request("POST", uri, contentType, Objects.requireNonNull(body, "body"), timeout);
        }

        public boolean isGet() {
            return "GET".equals(method);
        }
    }

    /** The status, the whole body and a header lookup (case-insensitive, first value). */
    record Response(int status, byte[] body, Headers headers) {
        public Response {
            body = body == null ? new byte[0] : body;
            headers = headers == null ? name -> Optional.empty() : headers;
        }

        public Optional<String> header(String name) {
            return headers.first(name);
        }
    }

    /** Response headers, looked up by case-insensitive name. */
    @FunctionalInterface
    interface Headers {
        Optional<String> first(String name);
    }

    /**
     * Builds a client's transport once, from what every transport needs to know.
     *
     * <p>{@code hosts} tell whether TLS can be needed at all: when every host is plain http (an
     * emulator, a local proxy), a transport may skip loading the platform's TLS set-up, which is a
     * large part of a cold start.
     */
    @FunctionalInterface
    interface Factory {
        HttpTransport create(WeComHosts hosts, Duration connectTimeout);
    }
}
