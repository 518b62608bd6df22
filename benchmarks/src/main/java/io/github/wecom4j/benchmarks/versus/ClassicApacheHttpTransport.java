package io.github.wecom4j.benchmarks.versus;

import io.github.wecom4j.http.HttpOnlyTls;
import io.github.wecom4j.http.HttpTransport;
import io.github.wecom4j.http.WeComHosts;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code wecom4j-httpclient5}'s transport as it was before it ran on HttpCore 5's primitives: Apache
 * HttpClient 5's classic {@code CloseableHttpClient} over a {@code PoolingHttpClientConnectionManager}
 * (its execution chain, route planning, leasing with futures). Kept in the benchmarks only, so
 * {@code -DclassicHttpclient5=true} can run it beside the current transport in one run
 * (benchmarks/README.md, "client cost").
 */
public final class ClassicApacheHttpTransport implements HttpTransport {

    /** Connections kept per host; WeCom's API is one host, so this caps concurrent calls without queueing. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    private static final TimeValue VALIDATE_AFTER_IDLE = TimeValue.ofSeconds(1);

    private final CloseableHttpClient client;
    private final int maxConnections;
    private volatile TimedConfig lastConfig = new TimedConfig(null, null);

    public ClassicApacheHttpTransport(WeComHosts hosts, Duration connectTimeout) {
        this(hosts, connectTimeout, DEFAULT_MAX_CONNECTIONS);
    }

    public ClassicApacheHttpTransport(WeComHosts hosts, Duration connectTimeout, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1");
        }
        this.maxConnections = maxConnections;
        Timeout connect = Timeout.of(connectTimeout);
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(maxConnections)
                .setMaxConnTotal(maxConnections * 3)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setValidateAfterInactivity(VALIDATE_AFTER_IDLE)
                        .build());
        pool.setTlsSocketStrategy(HttpOnlyTls.allPlainHttp(hosts) ? new RefusedTls() : new LazyTls());
        this.client = HttpClients.custom()
                .setConnectionManager(pool.build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(connect).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .build();
    }

    /** A factory with another pool size. */
    public static HttpTransport.Factory withMaxConnections(int maxConnections) {
        return (hosts, connectTimeout) -> new ClassicApacheHttpTransport(hosts, connectTimeout, maxConnections);
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
    public Response send(Request request) throws IOException {
        HttpUriRequestBase http;
        if (request.isGet()) {
            http = new HttpGet(request.uri());
        } else if ("POST".equals(request.method())) {
            http = new HttpPost(request.uri());
        } else {
            http = new HttpUriRequestBase(request.method(), request.uri());
        }
        if (request.body() != null) {
            http.setEntity(new ByteArrayEntity(request.body(), ContentType.parse(request.contentType())));
        }
        http.setConfig(configFor(request.timeout()));
        try {
            return client.execute(http, response -> new Response(response.getCode(),
                    response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity()),
                    name -> Optional.ofNullable(response.getFirstHeader(name)).map(Header::getValue)));
        } catch (ConnectTimeoutException | ConnectionRequestTimeoutException e) {
            // Never connected (or no pooled connection came): provably not sent, as the contract names it.
            throw withCause(new HttpConnectTimeoutException(e.getMessage()), e);
        } catch (UnknownHostException e) {
            throw withCause(new ConnectException("unknown host " + e.getMessage()), e);
        } catch (SocketTimeoutException e) {
            throw withCause(new HttpTimeoutException("request timed out"), e);
        }
    }

    private static <T extends IOException> T withCause(T e, Throwable cause) {
        e.initCause(cause);
        return e;
    }

    /** The request timeout of a client never changes: one config, built once. */
    private RequestConfig configFor(Duration timeout) {
        TimedConfig last = lastConfig;
        if (timeout.equals(last.timeout())) {
            return last.config();
        }
        Timeout t = Timeout.of(timeout);
        RequestConfig config = RequestConfig.custom().setConnectionRequestTimeout(t).setResponseTimeout(t).build();
        lastConfig = new TimedConfig(timeout, config);
        return config;
    }

    private record TimedConfig(Duration timeout, RequestConfig config) {
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /** The platform's TLS and HttpClient's host name check, set up on the first https connection. */
    private static final class LazyTls implements TlsSocketStrategy {
        private volatile TlsSocketStrategy strategy;

        @Override
        public SSLSocket upgrade(Socket socket, String target, int port, Object attachment,
                                 org.apache.hc.core5.http.protocol.HttpContext context) throws IOException {
            TlsSocketStrategy s = strategy;
            if (s == null) {
                synchronized (this) {
                    if (strategy == null) {
                        strategy = DefaultClientTlsStrategy.createSystemDefault();
                    }
                    s = strategy;
                }
            }
            return s.upgrade(socket, target, port, attachment, context);
        }
    }

    /** For clients whose hosts are all plain http: any TLS connection is refused, never trusted. */
    private static final class RefusedTls implements TlsSocketStrategy {
        @Override
        public SSLSocket upgrade(Socket socket, String target, int port, Object attachment,
                                 org.apache.hc.core5.http.protocol.HttpContext context) throws IOException {
            throw new javax.net.ssl.SSLHandshakeException("TLS is not set up: this client was built for plain-http hosts only");
        }
    }
}
