package io.github.wecom4j.gateway.callback.push;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP client of pushes: one POST to a consumer, answered with its status or a coarse error.
 *
 * <p><b>Connected only where checked.</b> The client resolves host names with
 * {@link ConsumerUrls#connectable}, so the addresses it connects to are the ones just checked
 * against the allowlist, from the same lookup (the JDK's client, used before, resolved on its own
 * after our check: a DNS server rebinding the name with a time-to-live of 0 could have sent a
 * push to an internal address). Apache HttpClient 5 because it lets a caller resolve names; the
 * JDK's client cannot before JDK 18 (and then only for the whole JVM).
 *
 * <p><b>Bounded as a whole.</b> Connect within {@code connectTimeout}, then each read within
 * {@code requestTimeout}; the whole exchange is aborted at {@code connectTimeout + requestTimeout}
 * (a consumer that trickles its answer would otherwise hold a push thread as long as it likes).
 * The answer's body is read and dropped, at most {@link #MAX_ANSWER_BYTES}; a longer one ends its
 * connection instead. No redirects (a redirect target was never checked), no retries (the outbox's
 * backoff decides), no cookies, no compression. TLS is the platform's trust store with host name
 * verification and SNI, never relaxed.
 */
@Component
class PushClient implements AutoCloseable {

    /** A consumer's answer matters by its status only; more than this is not read. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    /** The consumer's HTTP status, or why there is none (coarse: it ends up in last_error). */
    record Outcome(Integer status, String error) {
    }

    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines;
    /** Timeouts are read on every push and connection, as the JDK client's were. */
    private final PushProperties props;

    PushClient(PushProperties props, ConsumerUrls urls) {
        this.props = props;
        DnsResolver checked = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return urls.connectable(host, -1);
            }

            @Override
            public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
                List<InetSocketAddress> out = new ArrayList<>();
                for (InetAddress a : urls.connectable(host, port)) {
                    out.add(new InetSocketAddress(a, port));
                }
                return out;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host; // only for Kerberos, which pushes never use
            }
        };
        int connections = props.getConcurrency();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checked)
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections)
                        .setConnectionConfigResolver(route -> ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(props.getConnectTimeout()))
                                .setSocketTimeout(Timeout.of(props.getRequestTimeout()))
                                // a kept connection idle for a while is checked before a push is written on it
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "callback-push-deadline");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
    }

    /** POSTs {@code body} with {@code headers} (Content-Type among them) to {@code url}. */
    Outcome post(URI url, Map<String, String> headers, byte[] body) {
        Duration requestTimeout = props.getRequestTimeout();
        Duration deadline = props.getConnectTimeout().plus(requestTimeout);
        HttpPost post = new HttpPost(url);
        post.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(props.getConnectTimeout()))
                .setResponseTimeout(Timeout.of(requestTimeout))
                .setRedirectsEnabled(false)
                .build());
        headers.forEach(post::setHeader);
        // No content type on the entity: the header given is sent as it is.
        post.setEntity(new ByteArrayEntity(body, null));
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> abort = deadlines.schedule(() -> {
            expired.set(true);
            post.cancel(); // closes the connection: a blocked connect or read ends at once
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        ClassicHttpResponse response = null;
        try {
            response = http.executeOpen(null, post, null);
            int status = response.getCode();
            if (!dropAnswer(response.getEntity())) {
                post.cancel(); // too long to read: the connection is closed, not kept
            }
            return new Outcome(status, null);
        } catch (ConsumerUrls.AddressNotAllowed e) {
            return new Outcome(null, "address not allowed");
        } catch (IOException e) {
            // Also an answer whose body broke off: not known to be taken, so pushed again (consumers
            // drop repeats by event id).
            if (expired.get()) {
                return new Outcome(null, "no complete answer within " + deadline.toMillis() + " ms");
            }
            if (e instanceof SocketTimeoutException && !(e instanceof ConnectTimeoutException)) {
                return new Outcome(null, response == null ? "no answer within " + requestTimeout.toMillis() + " ms"
                        : "no complete answer: its body stalled for " + requestTimeout.toMillis() + " ms");
            }
            return new Outcome(null, e instanceof ConnectException || e instanceof ConnectTimeoutException
                    || e instanceof UnknownHostException ? "connection failed" : "the connection failed");
        } finally {
            abort.cancel(false);
            if (response != null) {
                try {
                    response.close(); // a body read to its end has already given the connection back
                } catch (IOException ignored) {
                    // the exchange is over either way
                }
            }
        }
    }

    /** Reads the answer's body to its end; false when it is longer than {@link #MAX_ANSWER_BYTES}. */
    private static boolean dropAnswer(HttpEntity entity) throws IOException {
        if (entity == null) {
            return true;
        }
        InputStream in = entity.getContent();
        byte[] buffer = new byte[4096];
        long read = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            read += n;
            if (read > MAX_ANSWER_BYTES) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}
