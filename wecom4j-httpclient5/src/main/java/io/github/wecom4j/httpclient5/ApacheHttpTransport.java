package io.github.wecom4j.httpclient5;

import io.github.wecom4j.http.HttpOnlyTls;
import io.github.wecom4j.http.HttpTransport;
import io.github.wecom4j.http.WeComHosts;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link HttpTransport} on Apache HttpCore 5's classic (blocking) primitives: the request is
 * written and the answer read on the calling thread ({@link HttpRequestExecutor} over a
 * {@code DefaultBHttpClientConnection}), over a small pool of kept-alive HTTP/1.1 connections per
 * host. The JDK's client hands every exchange to its selector thread and back; under many
 * concurrent calls on few cores those hand-offs cost more than the call (docs/BENCHMARKS.md).
 *
 * <pre>{@code
 * WeComConfig config = WeComConfig.builder(corpId)
 *         .app(agentId, secret, "approvals")
 *         .transport(ApacheHttpTransport::new)
 *         .build();
 * }</pre>
 *
 * <p><b>Why not HttpClient 5's {@code CloseableHttpClient}</b> (which this class used before): a
 * JFR profile of 8 callers against a canned server put ~60 % of the client's CPU in HttpClient 5
 * (its execution chain of handlers, route planning, leasing through futures and locks, request
 * config resolution, entity wrapping; it also re-parsed the URI and percent-decoded the query on
 * every call), against ~7 % in wecom4j itself. None of it is needed for one attempt to a known host.
 * {@code ClientCostVersus canned 3 5 8} with the former class beside this one, two first runs on a
 * shared 2-core machine: client CPU per call 49 vs 109 µs and 35 vs 56 µs (0.45× and 0.63×),
 * calls/s 19,707 vs 10,617 and 29,753 vs 23,144 (1.86× and 1.29×), p99 lower in both; WxJava used
 * 233 and 92 µs per call (docs/BENCHMARKS.md, "Client cost").
 *
 * <p>Kept as the SDK needs it, and as before: exactly one attempt (the SDK's own rules decide what
 * may be repeated), no redirects, no cookies, no content compression; a connect timeout; the
 * request timeout as the socket's read timeout; callers beyond {@code maxConnections} per host wait
 * for a connection at most their request timeout, then fail as "not sent"
 * ({@link java.net.http.HttpConnectTimeoutException}); a connection idle for over a second is
 * checked before use, since a server that closed it would lose a request written on it; answers
 * with {@code Connection: close}, close-delimited bodies or HTTP/1.0 end their connection, a
 * {@code Keep-Alive: timeout} is honoured, otherwise connections are kept 3 minutes (HttpClient's
 * default). TLS is the platform's: its default {@link SSLContext} (trust store), the JDK's strict
 * host name verification ({@code HTTPS} endpoint identification) and SNI, created on the first
 * https connection: a client whose hosts are all plain http never loads it, and refuses TLS.
 */
public final class ApacheHttpTransport implements HttpTransport {

    /** Connections kept per host; WeCom's API is one host, so this caps concurrent calls without queueing. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    /** HttpClient 5's default when the server does not say how long it keeps a connection. */
    private static final long DEFAULT_KEEP_ALIVE_NANOS = Duration.ofMinutes(3).toNanos();
    /** A day: a larger {@code Keep-Alive: timeout} is taken as this (and cannot overflow the clock). */
    private static final long MAX_KEEP_ALIVE_SECONDS = 86_400;
    private static final String USER_AGENT = "wecom4j";

    private final int maxConnections;
    private final ConnectionPool pool;
    private final HttpRequestExecutor executor = new HttpRequestExecutor();

    public ApacheHttpTransport(WeComHosts hosts, Duration connectTimeout) {
        this(hosts, connectTimeout, DEFAULT_MAX_CONNECTIONS);
    }

    public ApacheHttpTransport(WeComHosts hosts, Duration connectTimeout, int maxConnections) {
        this(connectTimeout, maxConnections,
                HttpOnlyTls.allPlainHttp(hosts) ? PlatformTls.refused() : PlatformTls.platformDefault(), System::nanoTime);
    }

    /** Tests: another trust set-up (a self-signed certificate); host names are still verified. */
    ApacheHttpTransport(Duration connectTimeout, int maxConnections, Supplier<SSLContext> tls) {
        this(connectTimeout, maxConnections, PlatformTls.with(tls), System::nanoTime);
    }

    /** Tests: plain http with a clock the test moves (idle and keep-alive limits without sleeping). */
    ApacheHttpTransport(Duration connectTimeout, int maxConnections, java.util.function.LongSupplier nanoClock) {
        this(connectTimeout, maxConnections, PlatformTls.refused(), nanoClock);
    }

    private ApacheHttpTransport(Duration connectTimeout, int maxConnections, PlatformTls tls,
                                java.util.function.LongSupplier nanoClock) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1");
        }
        this.maxConnections = maxConnections;
        this.pool = new ConnectionPool(maxConnections, new Connector(connectTimeout, tls), nanoClock);
    }

    /** A factory with another pool size. */
    public static HttpTransport.Factory withMaxConnections(int maxConnections) {
        return (hosts, connectTimeout) -> new ApacheHttpTransport(hosts, connectTimeout, maxConnections);
    }

    @Override
    public String name() {
        return "httpclient5";
    }

    /** Connections kept per host: more concurrent calls to one host wait for a free one. */
    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        URI uri = request.uri();
        Route route = pool.route(uri);
        BasicClassicHttpRequest http = new BasicClassicHttpRequest(request.method(), (HttpHost) null, target(uri));
        http.addHeader(HttpHeaders.HOST, route.hostHeader);
        http.addHeader(HttpHeaders.USER_AGENT, USER_AGENT);
        if (request.body() != null) {
            // The connection frames the body by this header (core5 adds no headers of its own).
            http.addHeader(HttpHeaders.CONTENT_TYPE, request.contentType());
            http.addHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(request.body().length));
            http.setEntity(new ByteArrayEntity(request.body(), null));
        }
        PooledConnection connection = pool.lease(route, request.timeout());
        boolean reusable = false;
        long keepAlive = 0;
        try {
            connection.readTimeout(request.timeout());
            HttpCoreContext context = HttpCoreContext.create();
            ClassicHttpResponse response = executor.execute(http, connection.http, context);
            byte[] body = readWhole(response.getEntity());
            response.setEntity(null);
            reusable = executor.keepAlive(http, response, connection.http, context);
            keepAlive = keepAliveNanos(response);
            return new Response(response.getCode(), body,
                    name -> Optional.ofNullable(response.getFirstHeader(name)).map(Header::getValue));
        } catch (SocketTimeoutException e) {
            throw Connector.withCause(new HttpTimeoutException("request timed out"), e);
        } catch (HttpException e) {
            // A malformed answer (status line, headers, chunk framing): the request was sent.
            throw new IOException("invalid HTTP answer: " + e.getMessage(), e);
        } finally {
            pool.release(route, connection, reusable, keepAlive);
        }
    }

    /** The request target in origin form (RFC 9112 §3.2.1): the raw path and query, never re-encoded. */
    private static String target(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = uri.getRawQuery();
        return query == null ? path : path + "?" + query;
    }

    /** The whole body; closing the stream consumes what is left of it, so the connection can be reused. */
    private static byte[] readWhole(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        long length = entity.getContentLength();
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("answer too large for one array: " + length + " bytes");
        }
        try (InputStream in = entity.getContent()) {
            if (length < 0) {
                return in.readAllBytes();
            }
            byte[] body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new IOException("answer ended after " + body.length + " of " + length + " bytes");
            }
            return body;
        }
    }

    /** {@code Keep-Alive: timeout=<seconds>} (RFC 2068 §19.7.1.1), else HttpClient's 3 minutes. */
    static long keepAliveNanos(ClassicHttpResponse response) {
        Header header = response.getFirstHeader("Keep-Alive");
        if (header != null && header.getValue() != null) {
            for (String param : header.getValue().split(",")) {
                String p = param.trim();
                if (p.regionMatches(true, 0, "timeout=", 0, 8)) {
                    try {
                        long seconds = Long.parseLong(p.substring(8).trim());
                        return Math.max(0, Math.min(seconds, MAX_KEEP_ALIVE_SECONDS)) * 1_000_000_000L;
                    } catch (NumberFormatException ignored) {
                        // Not a number: as if the server had not said.
                    }
                }
            }
        }
        return DEFAULT_KEEP_ALIVE_NANOS;
    }

    @Override
    public void close() {
        pool.close();
    }
}
